"""The demo shop's sample products can be published to Vinted as they are."""

import pytest
from django.db import connection

from catalog.demo import add_sample_products
from catalog.models import Product
from vinted.preflight import preflight
from vinted.reference import services as reference

pytestmark = pytest.mark.django_db


def test_demo_sample_products_pass_the_preflight_check(account):
    add_sample_products(tenant=connection.tenant)
    for product in Product.objects.all():
        assert preflight(product, account) == [], product.sku


def test_demo_sample_products_pass_the_preflight_check_under_the_sites_live_rules(account):
    # `make run` refreshes the sandbox site's reference data first, and its rules are stricter than
    # the fixture's (a brand is required for bags).
    tenant = connection.tenant
    connection.set_schema_to_public()
    reference.refresh_site("sandbox:fr")
    connection.set_tenant(tenant)
    add_sample_products(tenant=tenant)
    for product in Product.objects.all():
        assert preflight(product, account) == [], product.sku
