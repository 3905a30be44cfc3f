"""The DRF throttle: per token, per user and per shop (else per IP); 429 JSON says when to try again."""

import pytest
from django.urls import reverse

from ratelimit.limiter import Policy, Window
from ratelimit.throttling import parse_rates
from tenants import tokens

pytestmark = pytest.mark.django_db


@pytest.fixture
def tight_rate(settings, redis_client):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"api": "3/min"}}


def _get(client, key=None):
    headers = {"HTTP_AUTHORIZATION": f"Token {key}"} if key else {}
    return client.get(reverse("api-me"), **headers)


def test_api_calls_with_a_token_over_the_rate_get_429_saying_when(client, shop_a, tight_rate):
    _token, key = tokens.create(shop_a.membership, "script")
    assert [_get(client, key).status_code for _ in range(3)] == [200, 200, 200]
    refused = _get(client, key)
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert "Expected available in" in refused.json()["detail"]


def test_api_rate_is_per_user_so_more_tokens_do_not_multiply_it(client, shop_a, tight_rate):
    _token, first = tokens.create(shop_a.membership, "one")
    _token, second = tokens.create(shop_a.membership, "two")
    assert [_get(client, key).status_code for key in (first, second, first)] == [200, 200, 200]
    assert _get(client, second).status_code == 429
    assert _get(client, first).status_code == 429


def test_api_rate_per_shop_holds_across_members(client, shop_a, shop_b, settings, redis_client):
    from tenants.models import Membership
    from tests.factories import add_member

    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"api": "3/min", "api_shop": "4/min"},
    }
    member = add_member(shop_a, Membership.Role.MEMBER)
    _token, owner_key = tokens.create(shop_a.membership, "owner's")
    _token, member_key = tokens.create(Membership.objects.get(user=member), "member's")
    _token, other_shop_key = tokens.create(shop_b.membership, "shop b")
    codes = [_get(client, key).status_code for key in (owner_key, member_key, owner_key, member_key)]
    assert codes == [200, 200, 200, 200]
    assert _get(client, member_key).status_code == 429
    assert _get(client, other_shop_key).status_code == 200


def test_api_call_refused_by_the_shop_rate_does_not_use_up_the_users(client, shop_a, settings, redis_client):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"api": "3/min", "api_shop": "1/min"},
    }
    _token, key = tokens.create(shop_a.membership, "script")
    assert _get(client, key).status_code == 200
    assert _get(client, key).status_code == 429
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"api": "3/min", "api_shop": "100/min"},
    }
    assert [_get(client, key).status_code for _ in range(3)] == [200, 200, 429]


def test_api_calls_with_a_session_are_throttled_per_user(client_a, tight_rate):
    for _ in range(3):
        assert _get(client_a).status_code == 200
    assert _get(client_a).status_code == 429


def test_api_throttle_with_redis_down_lets_calls_through(client, shop_a, settings):
    from tests.services import RedisServer

    server = RedisServer().start()
    settings.REDIS_URL = server.url
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"api": "1/min"}}
    _token, key = tokens.create(shop_a.membership, "script")
    try:
        server.stop()
        assert [_get(client, key).status_code for _ in range(3)] == [200, 200, 200]
    finally:
        server.cleanup()


def test_parse_rates_reads_several_windows():
    assert parse_rates("120/min, 2000/hour,10/30s") == Policy((Window(120, 60), Window(2000, 3600), Window(10, 30)))
    assert parse_rates("") is None
    with pytest.raises(ValueError):
        parse_rates("lots/min")
