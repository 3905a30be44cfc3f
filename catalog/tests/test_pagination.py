"""The capped paginator: one pass over the filters gives the count and, under the cap, the pages."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from catalog import selectors
from catalog.models import Product
from catalog.pagination import CappedPaginator
from catalog.selectors import ProductFilters

pytestmark = pytest.mark.usefixtures("in_shop_a")


@pytest.fixture
def tied_products():
    """75 live products whose prices, titles and dates tie in groups, so order rests on the tie-breaker;
    and a few that no list of live products may show."""
    now = timezone.now()
    products = Product.objects.bulk_create(
        [
            Product(
                sku=f"T-{i:03d}",
                title=f"Linen shirt {i % 7}",
                price=Decimal(5 + i % 4),
                status=Product.Status.LISTED if i % 3 else Product.Status.DRAFT,
            )
            for i in range(75)
        ]
    )
    for i, product in enumerate(products):
        moment = now - timedelta(minutes=i % 5)
        Product.objects.filter(pk=product.pk).update(created_at=moment, updated_at=moment)
    Product.objects.bulk_create(
        [Product(sku=f"GONE-{i}", title="Linen shirt gone", price=1, deleted_at=now) for i in range(3)]
    )
    return products


@pytest.mark.parametrize("sort", list(selectors.SORTS))
def test_page_under_the_cap_equals_the_filtered_queryset_slice(tied_products, sort):
    queryset = selectors.products(ProductFilters(q="linen shirt", sort=sort))
    paginator = CappedPaginator(queryset, 20, present=selectors.for_list)
    assert paginator.count == 75 and not paginator.count_is_capped and paginator.num_pages == 4
    for number in range(1, 5):
        expected = list(queryset.values_list("sku", flat=True)[(number - 1) * 20 : number * 20])
        assert [p.sku for p in paginator.page(number)] == expected


def test_page_over_the_cap_is_read_with_offset_and_says_more(tied_products, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "cap", 30)
    queryset = selectors.products(ProductFilters(sort="title"))
    paginator = CappedPaginator(queryset, 20)
    page = paginator.page(4)
    assert paginator.count_is_capped and paginator.count == 30
    assert [p.sku for p in page] == list(queryset.values_list("sku", flat=True)[60:75])
    assert page.has_next() is False and paginator.page(3).has_next() is True


def test_deleted_list_pages_only_deleted_products(tied_products):
    paginator = CappedPaginator(selectors.products(ProductFilters(status="deleted")), 50)
    assert sorted(p.sku for p in paginator.page(1)) == ["GONE-0", "GONE-1", "GONE-2"]


def test_search_under_the_cap_runs_once_a_request(seller_a, tied_products):
    with CaptureQueriesContext(connection) as captured:
        response = seller_a.get(reverse("catalog:list"), {"q": "linen", "status": "listed", "sort": "-price"})
    assert response.status_code == 200 and len(response.context["page"]) == 50
    searches = [q["sql"] for q in captured.captured_queries if "to_tsquery" in q["sql"]]
    assert len(searches) == 1, searches


def test_api_search_under_the_cap_runs_once_a_request(api_a, tied_products):
    expected = list(selectors.products(ProductFilters(q="linen", sort="price")).values_list("sku", flat=True)[:50])
    with CaptureQueriesContext(connection) as captured:
        body = api_a.get("/api/v1/products/", {"q": "linen", "sort": "price"}).json()
    assert body["count"] == 75 and body["count_is_capped"] is False
    assert [row["sku"] for row in body["results"]] == expected
    assert len([q for q in captured.captured_queries if "to_tsquery" in q["sql"]]) == 1
