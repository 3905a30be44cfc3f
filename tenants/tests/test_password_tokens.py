"""A new password ends every API token of the account, and the page says so beforehand."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tenants import tokens
from tenants.models import ApiToken
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

NOTICE = "API tokens stop working"


def test_password_change_revokes_the_accounts_api_tokens_and_the_page_says_so(client_a, shop_a):
    _token, key = tokens.create(shop_a.membership, "script")
    page = client_a.get(reverse("tenants:password_change"))
    assert NOTICE in page.content.decode()
    client_a.post(
        reverse("tenants:password_change"),
        {"old_password": PASSWORD, "new_password1": "brand-new-pass-42", "new_password2": "brand-new-pass-42"},
    )
    assert tokens.authenticate(key) is None
    assert not ApiToken.objects.filter(membership=shop_a.membership, revoked_at__isnull=True).exists()


def test_password_reset_revokes_the_accounts_api_tokens_and_the_page_says_so(client, shop_a):
    _token, key = tokens.create(shop_a.membership, "script")
    client.post(reverse("tenants:password_reset"), {"email": shop_a.owner.email})
    link = re.search(r"http://testserver(/password/reset/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert NOTICE in form_page.content.decode()
    client.post(
        form_page.redirect_chain[-1][0], {"new_password1": "brand-new-pass-42", "new_password2": "brand-new-pass-42"}
    )
    assert tokens.authenticate(key) is None


def test_sign_in_keeps_the_api_tokens(client, shop_a):
    _token, key = tokens.create(shop_a.membership, "script")
    client.post(reverse("tenants:login"), {"email": shop_a.owner.email, "password": PASSWORD})
    assert tokens.authenticate(key) is not None
