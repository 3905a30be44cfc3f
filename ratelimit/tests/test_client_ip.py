"""The client's address behind a proxy, and a per-IP sign-in gate that never locks everyone out
because every request seems to come from the proxy."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from ratelimit.net import client_ip
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _request(remote, forwarded=None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


def test_client_ip_takes_the_last_address_the_trusted_proxy_saw(settings):
    settings.CLIENT_IP_HEADER, settings.TRUSTED_PROXIES = "HTTP_X_FORWARDED_FOR", ["172.16.0.0/12"]
    assert client_ip(_request("172.18.0.5", "6.6.6.6, 203.0.113.7")) == "203.0.113.7"
    assert client_ip(_request("172.18.0.5", "203.0.113.7, 172.18.0.4")) == "203.0.113.7"


def test_client_ip_ignores_the_header_from_a_peer_that_is_not_a_trusted_proxy(settings):
    settings.CLIENT_IP_HEADER, settings.TRUSTED_PROXIES = "HTTP_X_FORWARDED_FOR", ["172.16.0.0/12"]
    assert client_ip(_request("198.51.100.2", "6.6.6.6")) == "198.51.100.2"


def test_client_ip_from_the_proxy_without_a_header_is_unknown(settings):
    settings.CLIENT_IP_HEADER, settings.TRUSTED_PROXIES = "", ["10.0.0.9"]
    assert client_ip(_request("10.0.0.9")) == ""


def _login(client, email, password):
    return client.post(reverse("tenants:login"), {"email": email, "password": password}, REMOTE_ADDR="10.0.0.9")


def test_sign_in_failures_through_the_proxy_without_its_header_lock_only_the_accounts(
    client, shop_a, settings, redis_client
):
    settings.CLIENT_IP_HEADER, settings.TRUSTED_PROXIES = "", ["10.0.0.9"]
    settings.LOGIN_FAILURES_PER_IP, settings.LOGIN_FAILURES_PER_ACCOUNT = 3, 3
    for n in range(5):
        _login(client, f"guess{n}@example.com", "wrong")
    assert _login(client, shop_a.owner.email, PASSWORD).status_code == 302
    client.post(reverse("tenants:logout"))
    for _ in range(3):
        _login(client, shop_a.owner.email, "wrong")
    assert _login(client, shop_a.owner.email, PASSWORD).status_code == 429
