"""Fixtures of the vinted app's tests."""
import pytest
from django.urls import reverse
from django_tenants.utils import tenant_context

from tenants import tokens


@pytest.fixture
def token_a(shop_a) -> str:
    _token, key = tokens.create(shop_a.membership, "extension")
    return key


@pytest.fixture
def post_session(client, token_a):
    """POSTs an export to the extension's endpoint with shop A's API token."""
    def post(payload, key=None):
        return client.post(reverse("vinted-session"), payload, content_type="application/json",
                           HTTP_AUTHORIZATION=f"Token {key or token_a}")
    return post


@pytest.fixture
def accounts_of(db):
    """accounts_of(shop) -> list of that shop's VintedAccount rows (read in its schema)."""
    from vinted.models import VintedAccount

    def read(shop):
        with tenant_context(shop.tenant):
            return list(VintedAccount.objects.all())
    return read
