"""The demo shop's sample products can be published to Vinted as they are."""
import pytest
from django.db import connection

from catalog.demo import add_sample_products
from catalog.models import Product
from vinted.preflight import preflight

pytestmark = pytest.mark.django_db


def test_demo_sample_products_pass_the_preflight_check(account):
    add_sample_products(tenant=connection.tenant)
    for product in Product.objects.all():
        assert preflight(product, account) == [], product.sku
