"""Sign-in throttling end to end through the sign-in page."""

import time

import pytest
from django.urls import reverse

from ratelimit import limiter
from ratelimit import login as login_throttle
from tests.factories import PASSWORD
from tests.services import RedisServer

pytestmark = pytest.mark.django_db


def _sign_in(client, email, password, ip="10.0.0.1", **extra):
    return client.post(reverse("tenants:login"), {"email": email, "password": password}, REMOTE_ADDR=ip, **extra)


def test_sign_in_after_account_failures_is_refused_with_when_to_try_again(client, shop_a, redis_client, settings):
    settings.LOGIN_FAILURES_PER_ACCOUNT, settings.LOGIN_COOLOFF_SECONDS = 3, 600
    for _ in range(3):
        assert _sign_in(client, shop_a.owner.email, "wrong").status_code == 200
    response = _sign_in(client, shop_a.owner.email, PASSWORD)
    page = response.content.decode()
    assert response.status_code == 429 and 590 <= int(response["Retry-After"]) <= 600
    assert "Too many failed sign-ins. Try again in 10 min (at " in page
    assert "_auth_user_id" not in client.session


def test_sign_in_refusal_message_is_in_french_for_a_french_visitor(client, shop_a, redis_client, settings):
    settings.LOGIN_FAILURES_PER_ACCOUNT = 1
    _sign_in(client, shop_a.owner.email, "wrong")
    response = _sign_in(client, shop_a.owner.email, PASSWORD, HTTP_ACCEPT_LANGUAGE="fr")
    assert "Trop de tentatives de connexion échouées. Réessayez dans 15 min (à " in response.content.decode()


def test_sign_in_is_allowed_again_exactly_when_the_cooloff_has_passed(
    client, shop_a, redis_client, settings, redis_now_ms
):
    settings.LOGIN_FAILURES_PER_ACCOUNT, settings.LOGIN_COOLOFF_SECONDS = 2, 60
    start = redis_now_ms()
    with limiter.frozen_clock(start):
        for _ in range(2):
            _sign_in(client, shop_a.owner.email, "wrong")
    with limiter.frozen_clock(start + 59_999):
        assert _sign_in(client, shop_a.owner.email, PASSWORD).status_code == 429
    with limiter.frozen_clock(start + 60_000):
        assert _sign_in(client, shop_a.owner.email, PASSWORD).status_code == 302


def test_sign_in_refused_attempts_do_not_extend_the_cooloff(client, shop_a, redis_client, settings, redis_now_ms):
    settings.LOGIN_FAILURES_PER_ACCOUNT, settings.LOGIN_COOLOFF_SECONDS = 1, 60
    start = redis_now_ms()
    with limiter.frozen_clock(start):
        _sign_in(client, shop_a.owner.email, "wrong")
    for offset in (1_000, 30_000, 59_000):
        with limiter.frozen_clock(start + offset):
            assert _sign_in(client, shop_a.owner.email, "wrong").status_code == 429
    with limiter.frozen_clock(start + 60_000):
        assert _sign_in(client, shop_a.owner.email, PASSWORD).status_code == 302


def test_sign_in_cooloff_ends_in_real_time(client, shop_a, redis_client, settings):
    settings.LOGIN_FAILURES_PER_ACCOUNT, settings.LOGIN_COOLOFF_SECONDS = 1, 1
    _sign_in(client, shop_a.owner.email, "wrong")
    time.sleep(1.05)
    assert _sign_in(client, shop_a.owner.email, PASSWORD).status_code == 302


def test_sign_in_from_an_address_guessing_many_accounts_is_refused_on_any_account(
    client, shop_a, redis_client, settings
):
    settings.LOGIN_FAILURES_PER_IP = 5
    for n in range(5):
        _sign_in(client, f"guess{n}@example.com", "wrong", ip="10.6.6.6")
    refused = _sign_in(client, shop_a.owner.email, PASSWORD, ip="10.6.6.6")
    assert refused.status_code == 429 and "Try again in 15 min" in refused.content.decode()
    assert _sign_in(client, shop_a.owner.email, PASSWORD, ip="10.7.7.7").status_code == 302


def test_sign_in_with_redis_down_fails_open(client, shop_a, settings):
    server = RedisServer().start()
    settings.REDIS_URL = server.url
    settings.LOGIN_FAILURES_PER_ACCOUNT = 1
    try:
        server.stop()
        assert _sign_in(client, shop_a.owner.email, "wrong").status_code == 200
        assert _sign_in(client, shop_a.owner.email, PASSWORD).status_code == 302
    finally:
        server.cleanup()


def test_gate_never_stores_the_email_in_clear(redis_client, settings):
    login_throttle.record_failure("Someone@Example.com", "10.0.0.9")
    keys = b" ".join(redis_client.keys("*")).decode()
    assert "someone" not in keys.lower() and "login:acct:" in keys
    assert login_throttle._account_key("Someone@Example.com ") == login_throttle._account_key("someone@example.com")
