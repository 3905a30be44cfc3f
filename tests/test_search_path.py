"""The shop's schema on a direct connection: every statement runs in the shop it was meant for, across
shop switches on one connection and after a savepoint rolled back a `SET search_path` (decision 0014)."""

import pytest
from django.db import connection, transaction
from django_tenants.utils import tenant_context

from catalog.models import Product
from catalog.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def _sets(queries) -> int:
    return sum(1 for query in queries.captured_queries if query["sql"].startswith("SET search_path"))


def test_switching_shops_on_one_connection_reads_each_shops_rows(shop_a, shop_b):
    with tenant_context(shop_a.tenant):
        ProductFactory.create_batch(2)
    with tenant_context(shop_b.tenant):
        ProductFactory()
    for _ in range(2):
        with tenant_context(shop_a.tenant):
            assert Product.objects.count() == 2
        with tenant_context(shop_b.tenant):
            assert Product.objects.count() == 1


def test_rollback_to_savepoint_that_undid_the_path_sends_it_again(shop_a, shop_b):
    with tenant_context(shop_a.tenant):
        ProductFactory.create_batch(2)
    try:
        connection.set_tenant(shop_b.tenant)
        assert Product.objects.count() == 0  # the connection's path is shop B's
        with pytest.raises(RuntimeError), transaction.atomic():
            connection.set_tenant(shop_a.tenant)
            assert Product.objects.count() == 2  # SET to shop A inside the savepoint
            raise RuntimeError
        # Shop A is still the one chosen, but the rollback put shop B's path back on the connection:
        # the next statement must not trust the SET it undid.
        assert Product.objects.count() == 2
    finally:
        connection.set_schema_to_public()
