"""Staff sign in through the seller sign-in and its throttle; the admin's own form is not served."""

import pytest
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_admin_login_form_with_the_right_password_does_not_sign_in(client):
    staff = UserFactory(is_staff=True, is_superuser=True)
    response = client.post("/admin/login/?next=/admin/", {"username": staff.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert response.status_code == 302 and response.url.startswith(reverse("tenants:login"))


def test_admin_login_sends_staff_to_the_sign_in_page_with_next(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    followed = client.get(response.url)
    assert followed.status_code == 302
    assert followed.url == reverse("tenants:login") + "?next=/admin/"


def test_staff_failures_lock_the_staff_sign_in_then_the_right_password_opens_the_admin(client, redis_client, settings):
    settings.LOGIN_FAILURES_PER_ACCOUNT = 3
    staff = UserFactory(is_staff=True, is_superuser=True)
    login = reverse("tenants:login") + "?next=/admin/"
    for _ in range(3):
        client.post(login, {"email": staff.email, "password": "wrong"})
    assert client.post(login, {"email": staff.email, "password": PASSWORD}).status_code == 429
    redis_client.flushdb()
    response = client.post(login, {"email": staff.email, "password": PASSWORD})
    assert response.status_code == 302 and response.url == "/admin/"
    assert client.get("/admin/").status_code == 200
