"""The shop's schema on a direct connection (TENANT_LIMIT_SET_CALLS, decision 0014): `SET search_path`
is sent when the shop changes and again after a rollback undid it, not before every statement, and
every statement still runs in the shop it was meant for."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tenants.utils import tenant_context

from catalog.models import Product
from catalog.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def _sets(queries) -> int:
    return sum(1 for query in queries.captured_queries if query["sql"].startswith("SET search_path"))


def test_product_list_request_sends_the_path_once_per_schema_not_per_statement(client_a, shop_a):
    with tenant_context(shop_a.tenant):
        ProductFactory.create_batch(3)
    with CaptureQueriesContext(connection) as queries:
        response = client_a.get(reverse("catalog:list"))
    assert response.status_code == 200
    statements = len(queries.captured_queries) - _sets(queries)
    # public (session, membership), then the shop: one SET each way, however many statements
    assert statements >= 5 and _sets(queries) <= 3


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


def test_statements_in_one_shop_send_the_path_once(shop_a):
    with tenant_context(shop_a.tenant):
        ProductFactory()
        Product.objects.count()
        with CaptureQueriesContext(connection) as queries:
            for _ in range(5):
                assert Product.objects.count() == 1
    assert len(queries.captured_queries) == 5 and _sets(queries) == 0
