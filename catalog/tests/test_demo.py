"""The demo shop gets a few sample products that pass Vinted's pre-flight."""

import pytest

from catalog.demo import SAMPLES, add_sample_products
from catalog.models import Product

pytestmark = pytest.mark.django_db


def test_sample_products_are_added_to_an_empty_shop_with_their_photos(in_shop_a):
    assert add_sample_products(tenant=in_shop_a.tenant) == len(SAMPLES)
    products = Product.objects.order_by("sku")
    assert [p.sku for p in products] == [sample[0] for sample in SAMPLES]
    assert all(p.photos.count() >= 2 and p.category and p.condition and p.package_size for p in products)


def test_sample_products_are_not_added_twice(in_shop_a):
    add_sample_products(tenant=in_shop_a.tenant)
    assert add_sample_products(tenant=in_shop_a.tenant) == 0
    assert Product.objects.count() == len(SAMPLES)
