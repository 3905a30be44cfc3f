import pytest
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _login(client, email, password, ip="10.0.0.1"):
    return client.post(reverse("tenants:login"), {"email": email, "password": password}, REMOTE_ADDR=ip)


def test_login_after_too_many_failures_is_refused_even_with_right_password(client, shop_a, redis_client, settings):
    settings.LOGIN_FAILURES_PER_ACCOUNT = 3
    for _ in range(3):
        assert _login(client, shop_a.owner.email, "wrong").status_code == 200
    response = _login(client, shop_a.owner.email, PASSWORD)
    assert response.status_code == 429
    assert "Try again in 15 min (at " in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_failures_on_one_account_do_not_block_another(client, shop_a, shop_b, redis_client, settings):
    settings.LOGIN_FAILURES_PER_ACCOUNT = 2
    for _ in range(2):
        _login(client, shop_a.owner.email, "wrong")
    assert _login(client, shop_b.owner.email, PASSWORD, ip="10.0.0.2").status_code == 302


def test_login_failures_from_one_ip_across_accounts_block_that_ip(client, shop_a, redis_client, settings):
    settings.LOGIN_FAILURES_PER_IP = 4
    for n in range(4):
        _login(client, f"guess{n}@example.com", "wrong", ip="10.9.9.9")
    assert _login(client, shop_a.owner.email, PASSWORD, ip="10.9.9.9").status_code == 429
    assert _login(client, shop_a.owner.email, PASSWORD, ip="10.1.1.1").status_code == 302


def test_successful_login_resets_the_account_counter(client, shop_a, redis_client, settings):
    settings.LOGIN_FAILURES_PER_ACCOUNT = 3
    _login(client, shop_a.owner.email, "wrong")
    _login(client, shop_a.owner.email, "wrong")
    assert _login(client, shop_a.owner.email, PASSWORD).status_code == 302
    client.post(reverse("tenants:logout"))
    _login(client, shop_a.owner.email, "wrong")
    _login(client, shop_a.owner.email, "wrong")
    assert _login(client, shop_a.owner.email, PASSWORD).status_code == 302
