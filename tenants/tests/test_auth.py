import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_login_with_right_password_opens_the_dashboard(client, shop_a):
    response = client.post(reverse("tenants:login"), {"email": shop_a.owner.email, "password": PASSWORD})
    assert response.status_code == 302 and response.url == reverse("dashboard")
    page = client.get(reverse("dashboard"))
    assert page.status_code == 200 and shop_a.tenant.name in page.content.decode()


def test_login_with_wrong_password_shows_an_error(client, shop_a):
    response = client.post(reverse("tenants:login"), {"email": shop_a.owner.email, "password": "nope"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


def test_login_changes_the_session_key(client, shop_a):
    client.get(reverse("tenants:login"))
    client.session.save()
    before = client.session.session_key
    client.post(reverse("tenants:login"), {"email": shop_a.owner.email, "password": PASSWORD})
    assert client.session.session_key != before


def test_logout_ends_the_session_server_side(client_a):
    response = client_a.post(reverse("tenants:logout"))
    assert response.status_code == 302
    assert "Clear-Site-Data" in response
    assert client_a.get(reverse("dashboard")).status_code == 302


def test_logout_by_get_is_refused(client_a):
    assert client_a.get(reverse("tenants:logout")).status_code == 405


def test_password_reset_sends_a_link_that_sets_a_new_password(client, shop_a):
    client.post(reverse("tenants:password_reset"), {"email": shop_a.owner.email})
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/password/reset/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    client.post(
        form_page.redirect_chain[-1][0], {"new_password1": "brand-new-pass-42", "new_password2": "brand-new-pass-42"}
    )
    assert client.login(email=shop_a.owner.email, password="brand-new-pass-42")


def test_password_reset_for_unknown_address_sends_nothing_and_says_the_same(client):
    response = client.post(reverse("tenants:password_reset"), {"email": "nobody@example.com"})
    assert response.status_code == 302 and not mail.outbox


def test_dashboard_without_login_redirects_to_login(client):
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302 and reverse("tenants:login") in response.url
