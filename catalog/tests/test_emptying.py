""" "Empty" of a trash above CATALOG_PURGE_WORKER_PRODUCTS: checked in the request, deleted by the
worker in batches, its progress and result shown on the deleted list."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django_tenants.utils import tenant_context

from catalog import emptying, extensions, trash
from catalog.models import Product
from catalog.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

EMPTY = reverse("catalog:purge_deleted") + "?status=deleted"


@pytest.fixture
def worker_products(settings):
    settings.CATALOG_PURGE_WORKER_PRODUCTS = 2


def _trash(shop, n: int) -> list[int]:
    with tenant_context(shop.tenant):
        products = [ProductFactory() for _ in range(n)]
        trash.soft_delete(Product.objects.filter(pk__in=[p.pk for p in products]))
        return [p.pk for p in products]


def _run_id(response) -> str:
    return parse_qs(urlsplit(response["Location"]).query)["emptying"][0]


def _remaining(shop, pks) -> int:
    with tenant_context(shop.tenant):
        return Product.objects.filter(pk__in=pks).count()


def test_empty_above_the_threshold_is_queued_and_the_list_shows_it_waiting(
    client_a, shop_a, worker_products, django_capture_on_commit_callbacks
):
    pks = _trash(shop_a, 3)
    with django_capture_on_commit_callbacks() as queued:
        response = client_a.post(EMPTY, {"scope": "all"})
    assert response.status_code == 302 and len(queued) == 1
    assert _remaining(shop_a, pks) == 3
    page = client_a.get(response["Location"]).content.decode()
    assert "Waiting for the worker…" in page
    assert f'hx-get="{reverse("catalog:emptying", args=[_run_id(response)])}"' in page


def test_empty_at_the_threshold_stays_in_the_request(client_a, shop_a, worker_products):
    pks = _trash(shop_a, 2)
    response = client_a.post(EMPTY, {"scope": "all"})
    assert "emptying=" not in response["Location"] and _remaining(shop_a, pks) == 0


def test_emptied_by_the_worker_the_fragment_shows_the_result_stops_polling_and_reloads_the_list(
    client_a, shop_a, worker_products, django_capture_on_commit_callbacks
):
    from catalog.tasks import empty_trash

    pks = _trash(shop_a, 3)
    with django_capture_on_commit_callbacks():
        response = client_a.post(EMPTY, {"scope": "all"})
    empty_trash.apply(args=[shop_a.tenant.schema_name, _run_id(response), pks])  # as the worker would
    assert _remaining(shop_a, pks) == 0
    fragment = client_a.get(reverse("catalog:emptying", args=[_run_id(response)]), headers={"HX-Request": "true"})
    body = fragment.content.decode()
    assert "3 products deleted for good." in body and "hx-trigger" not in body
    assert fragment["HX-Refresh"] == "true"
    assert "3 products deleted for good." in client_a.get(response["Location"]).content.decode()


def test_empty_with_a_listed_product_is_refused_in_the_request_and_queues_nothing(
    client_a, shop_a, worker_products, django_capture_on_commit_callbacks
):
    pks = _trash(shop_a, 3)
    entry = extensions.LiveListings(name="test-channel", live=lambda products: {products[0].pk: ["Test channel"]})
    extensions.register(entry)
    try:
        with django_capture_on_commit_callbacks() as queued:
            response = client_a.post(EMPTY, {"scope": "all"})
    finally:
        extensions.unregister(entry)
    assert not queued and "emptying=" not in response["Location"]
    assert "End those listings first" in client_a.get(response["Location"]).content.decode()
    assert _remaining(shop_a, pks) == 3


def test_worker_run_records_its_progress_after_each_batch(in_shop_a, monkeypatch):
    pks = [ProductFactory().pk for _ in range(5)]
    trash.soft_delete(Product.objects.filter(pk__in=pks))
    monkeypatch.setattr(trash, "PURGE_BATCH", 2)
    seen = []
    record = emptying.cache.set
    monkeypatch.setattr(
        emptying.cache, "set", lambda key, value, timeout: (seen.append(dict(value)), record(key, value, timeout))
    )
    result = emptying.run("a" * 32, pks)
    assert (result.deleted, result.remaining) == (5, 0)
    assert [(s["state"], s["deleted"]) for s in seen] == [
        ("running", 0),
        ("running", 2),
        ("running", 4),
        ("running", 5),
        ("done", 5),
    ]


def test_emptying_fragment_of_another_shop_is_not_found_and_its_list_says_it_is_not_kept(
    client_a, shop_a, shop_b, worker_products, django_capture_on_commit_callbacks
):
    from django.test import Client

    _trash(shop_a, 3)
    with django_capture_on_commit_callbacks():
        response = client_a.post(EMPTY, {"scope": "all"})
    other = Client()
    other.force_login(shop_b.owner)
    assert other.get(reverse("catalog:emptying", args=[_run_id(response)])).status_code == 404
    other_list = other.get(reverse("catalog:list") + "?status=deleted&emptying=" + _run_id(response))
    assert "no longer kept" in other_list.content.decode()


def test_emptying_fragment_with_a_malformed_id_is_not_found(client_a, shop_a):
    assert client_a.get(reverse("catalog:emptying", args=["not-a-run"])).status_code == 404


def test_emptying_progress_is_in_french(client_a, shop_a):
    from django.core.cache import cache

    with tenant_context(shop_a.tenant):
        cache.set("catalog:emptying:" + "b" * 32, {"state": "running", "total": 400, "deleted": 200}, 60)
    body = client_a.get(reverse("catalog:emptying", args=["b" * 32]), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Supprimés définitivement\u00a0: 200 sur 400…" in body
