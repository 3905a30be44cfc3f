"""Fixtures of the catalog tests (the root conftest provides shops A and B)."""

import pytest
from rest_framework.test import APIClient

from tenants import tokens
from tenants.models import Membership
from tests.clients import staying_in
from tests.factories import add_member


@pytest.fixture
def api_a(shop_a):
    """An API client authenticated with a token of shop A's owner."""
    _token, key = tokens.create(shop_a.membership, "tests")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@pytest.fixture
def viewer_client_a(client, shop_a):
    client.force_login(add_member(shop_a, Membership.Role.VIEWER))
    return client


@pytest.fixture
def product_limit(shop_a):
    """Set shop A's product limit for one test: product_limit(3)."""
    tenant = shop_a.tenant

    def limit(value):
        tenant.max_products_override = value
        tenant.save(update_fields=["max_products_override"])

    return limit


@pytest.fixture
def seller_a(client_a, shop_a):
    """Shop A's owner's client; the test body runs inside shop A's schema."""
    from django_tenants.utils import tenant_context

    with tenant_context(shop_a.tenant):
        yield staying_in(client_a, shop_a.tenant)


@pytest.fixture
def viewer_a(viewer_client_a, shop_a):
    from django_tenants.utils import tenant_context

    with tenant_context(shop_a.tenant):
        yield staying_in(viewer_client_a, shop_a.tenant)
