"""Deleting a deleted product for good: rows, photo objects (local disk and S3), sales kept, refusals."""

import logging
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from django_tenants.utils import tenant_context

from audit.models import Entry
from catalog import extensions, photos, sales, trash
from catalog.models import PhotoUpload, Product, ProductPhoto, Sale
from catalog.tests.factories import ProductFactory


def _deleted(**kwargs):
    product = ProductFactory(**kwargs)
    trash.soft_delete(Product.objects.filter(pk=product.pk))
    product.refresh_from_db()
    return product


def body(response) -> str:
    return response.content.decode()


def _files(product):
    return [name for photo in product.photos.all() for name in (photo.image, photo.thumbnail, photo.small)]


@pytest.fixture
def live_on_test_channel():
    """A channel that says every product given to it is still on sale."""
    entry = extensions.LiveListings(
        name="test-channel", live=lambda products: {p.pk: ["Test channel"] for p in products}
    )
    extensions.register(entry)
    yield
    extensions.unregister(entry)


def test_purge_deleted_product_removes_rows_and_every_photo_file(in_shop_a, django_capture_on_commit_callbacks):
    product = _deleted(photos=2)
    files = _files(product)
    assert len(files) == 6 and all(default_storage.exists(name) for name in files)
    with django_capture_on_commit_callbacks(execute=True):
        assert trash.purge(Product.objects.filter(pk=product.pk)) == 1
    assert not Product.objects.filter(pk=product.pk).exists()
    assert not ProductPhoto.objects.filter(product_id=product.pk).exists()
    assert not any(default_storage.exists(name) for name in files)


def test_purge_removes_a_waiting_upload_original(in_shop_a, django_capture_on_commit_callbacks):
    product = ProductFactory()
    waiting = photos.defer_photo(in_shop_a.tenant, product, b"not yet normalised", "big.jpg")
    trash.soft_delete(Product.objects.filter(pk=product.pk))
    with django_capture_on_commit_callbacks(execute=True):
        trash.purge(Product.objects.filter(pk=product.pk))
    assert not PhotoUpload.objects.filter(pk=waiting.pk).exists()
    assert not default_storage.exists(waiting.original)


def test_purge_live_product_does_nothing(in_shop_a):
    product = ProductFactory(photos=1)
    assert trash.purge(Product.objects.filter(pk=product.pk)) == 0
    assert Product.objects.filter(pk=product.pk).exists()
    assert all(default_storage.exists(name) for name in _files(product))


def test_purge_with_a_live_listing_is_refused_and_keeps_everything(in_shop_a, live_on_test_channel):
    product = _deleted(photos=1)
    with pytest.raises(trash.StillListed) as refused:
        trash.purge(Product.objects.filter(pk=product.pk))
    assert product.sku in refused.value.messages[0] and "Test channel" in refused.value.messages[0]
    assert "End those listings first" in refused.value.messages[0]
    assert Product.objects.filter(pk=product.pk).exists()
    assert all(default_storage.exists(name) for name in _files(product))


def test_purge_failed_object_delete_is_logged_and_rows_stay_deleted(
    in_shop_a, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    product = _deleted(photos=1)

    def broken(name):
        raise OSError("storage unreachable")

    monkeypatch.setattr(default_storage, "delete", broken)
    with caplog.at_level(logging.ERROR, logger="catalog.photos"):
        with django_capture_on_commit_callbacks(execute=True):
            assert trash.purge(Product.objects.filter(pk=product.pk)) == 1
    assert not Product.objects.filter(pk=product.pk).exists()
    assert "Could not delete" in caplog.text


def test_purge_keeps_sales_with_the_recorded_sku_and_title(in_shop_a):
    product = ProductFactory(stock=2, title="Veste en jean", sku="VJ-1")
    sale = sales.record_sale(product, price=Decimal("25"), currency="EUR")
    trash.soft_delete(Product.objects.filter(pk=product.pk))
    trash.purge(Product.objects.filter(pk=product.pk))
    sale = Sale.objects.get(pk=sale.pk)
    assert sale.product is None
    assert (sale.sku, sale.title) == ("VJ-1", "Veste en jean")
    assert Sale.objects.counted().filter(pk=sale.pk).exists()


def test_purge_records_one_audit_entry_per_product(in_shop_a):
    first, second = _deleted(), _deleted()
    trash.purge(Product.objects.filter(pk__in=[first.pk, second.pk]))
    entries = Entry.objects.filter(action="product.purged")
    assert sorted(entries.values_list("object_id", flat=True)) == sorted([str(first.public_id), str(second.public_id)])


def test_purge_on_s3_removes_every_object_of_the_product(s3_media, in_shop_a, django_capture_on_commit_callbacks):
    kept = ProductFactory(photos=1)
    product = _deleted(photos=2)
    assert len(s3_media.keys()) == 9
    with django_capture_on_commit_callbacks(execute=True):
        trash.purge(Product.objects.filter(pk=product.pk))
    assert s3_media.keys() == sorted(_files(kept))


# Pages, through the middleware.


def test_deleted_list_shows_delete_for_good_and_empty_with_what_goes_and_stays(client_a, shop_a):
    with tenant_context(shop_a.tenant):
        product = _deleted()
    page = body(client_a.get(reverse("catalog:list") + "?status=deleted"))
    assert 'data-confirm="purge-all"' in page and 'data-confirm="purge-row"' in page
    assert f'value="{product.public_id}"' in page
    assert "Goes for good: the photos" in page and "Stays: its sales in the sales ledger" in page


def test_live_list_has_no_delete_for_good(client_a, shop_a):
    with tenant_context(shop_a.tenant):
        ProductFactory()
    page = body(client_a.get(reverse("catalog:list")))
    assert "purge-all" not in page and "purge-row" not in page


def test_empty_from_the_deleted_list_deletes_every_product_shown(client_a, shop_a):
    with tenant_context(shop_a.tenant):
        first, second = _deleted(), _deleted()
    response = client_a.post(reverse("catalog:purge_deleted"), {"ids": [first.public_id, second.public_id]})
    assert response.status_code == 302 and response["Location"].endswith("?status=deleted")
    with tenant_context(shop_a.tenant):
        assert not Product.objects.filter(pk__in=[first.pk, second.pk]).exists()
    assert "2 products deleted for good." in body(client_a.get(response["Location"]))


def test_empty_deletes_every_deleted_product_on_every_page_of_the_list_and_no_live_one(client_a, shop_a):
    with tenant_context(shop_a.tenant):
        deleted = [_deleted() for _ in range(52)]  # more than the list's page of 50
        live = ProductFactory()
    page = body(client_a.get(reverse("catalog:list") + "?status=deleted"))
    assert "Delete all 52 deleted products matching this list, on every page, for good?" in page
    action = reverse("catalog:purge_deleted") + "?status=deleted"
    assert f'action="{action}"' in page and 'name="scope" value="all"' in page

    response = client_a.post(action, {"scope": "all"})

    assert response.status_code == 302 and response["Location"].endswith("?status=deleted")
    with tenant_context(shop_a.tenant):
        assert not Product.objects.filter(pk__in=[p.pk for p in deleted]).exists()
        assert Product.objects.filter(pk=live.pk).exists()
    assert "52 products deleted for good." in body(client_a.get(response["Location"]))


def test_empty_with_filters_deletes_only_the_deleted_products_matching_them(client_a, shop_a):
    with tenant_context(shop_a.tenant):
        without_photos = [_deleted(), _deleted()]
        with_photos = _deleted(photos=1)
    query = "?status=deleted&has_photos=no"
    page = body(client_a.get(reverse("catalog:list") + query))
    assert "Delete all 2 deleted products matching this list, on every page, for good?" in page

    response = client_a.post(reverse("catalog:purge_deleted") + query, {"scope": "all"})

    assert response["Location"].endswith(query)
    with tenant_context(shop_a.tenant):
        assert not Product.objects.filter(pk__in=[p.pk for p in without_photos]).exists()
        assert Product.objects.filter(pk=with_photos.pk).exists()


def test_empty_without_the_deleted_status_in_the_query_still_deletes_only_deleted_products(client_a, shop_a):
    with tenant_context(shop_a.tenant):
        deleted, live = _deleted(), ProductFactory()
    client_a.post(reverse("catalog:purge_deleted"), {"scope": "all"})
    with tenant_context(shop_a.tenant):
        assert not Product.objects.filter(pk=deleted.pk).exists() and Product.objects.filter(pk=live.pk).exists()


def test_empty_from_another_shop_leaves_this_shops_deleted_products(client_b, shop_a):
    with tenant_context(shop_a.tenant):
        deleted = _deleted()
    client_b.post(reverse("catalog:purge_deleted") + "?status=deleted", {"scope": "all"})
    with tenant_context(shop_a.tenant):
        assert Product.objects.filter(pk=deleted.pk).exists()


def test_empty_with_one_product_still_listed_is_refused_and_deletes_none(client_a, shop_a, live_on_test_channel):
    with tenant_context(shop_a.tenant):
        first, second = _deleted(), _deleted()
    response = client_a.post(reverse("catalog:purge_deleted") + "?status=deleted", {"scope": "all"})
    assert "End those listings first" in body(client_a.get(response["Location"]))
    with tenant_context(shop_a.tenant):
        assert Product.objects.filter(pk__in=[first.pk, second.pk]).count() == 2


def test_delete_for_good_from_the_product_page_asks_first_then_deletes(client_a, shop_a):
    with tenant_context(shop_a.tenant):
        product = _deleted()
    page = body(client_a.get(reverse("catalog:detail", kwargs={"public_id": product.public_id})))
    assert 'data-confirm="product-purge"' in page and "This cannot be undone." in page
    client_a.post(reverse("catalog:purge", kwargs={"public_id": product.public_id}))
    with tenant_context(shop_a.tenant):
        assert not Product.objects.filter(pk=product.pk).exists()


def test_delete_for_good_of_a_live_product_is_refused_with_a_message(client_a, shop_a):
    with tenant_context(shop_a.tenant):
        product = ProductFactory()
    response = client_a.post(reverse("catalog:purge", kwargs={"public_id": product.public_id}))
    assert "Only deleted products can be deleted for good." in body(client_a.get(response["Location"]))
    with tenant_context(shop_a.tenant):
        assert Product.objects.filter(pk=product.pk).exists()


def test_delete_for_good_with_a_live_listing_shows_what_to_do(client_a, shop_a, live_on_test_channel):
    with tenant_context(shop_a.tenant):
        product = _deleted()
    response = client_a.post(reverse("catalog:purge_deleted"), {"ids": [product.public_id]})
    assert "End those listings first" in body(client_a.get(response["Location"]))
    with tenant_context(shop_a.tenant):
        assert Product.objects.filter(pk=product.pk).exists()


def test_sales_page_names_a_product_deleted_for_good(client_a, shop_a):
    with tenant_context(shop_a.tenant):
        product = ProductFactory(stock=2, title="Robe fleurie", sku="RF-9")
        sales.record_sale(product, price=Decimal("12"), currency="EUR", sold_at=timezone.now())
        trash.soft_delete(Product.objects.filter(pk=product.pk))
        trash.purge(Product.objects.filter(pk=product.pk))
    page = body(client_a.get(reverse("catalog:sales")))
    assert "RF-9 · Robe fleurie" in page


def test_sales_ledger_export_names_a_product_deleted_for_good(client_a, shop_a):
    with tenant_context(shop_a.tenant):
        product = ProductFactory(stock=2, title="Jupe plissée", sku="JP-3")
        sales.record_sale(product, price=Decimal("18"), currency="EUR")
        trash.soft_delete(Product.objects.filter(pk=product.pk))
        trash.purge(Product.objects.filter(pk=product.pk))
    response = client_a.get(reverse("catalog:sales_export"))
    ledger = b"".join(response.streaming_content).decode() if response.streaming else body(response)
    assert "Jupe plissée (JP-3)" in ledger and ",JP-3," in ledger.replace(";", ",")


@pytest.fixture
def files_removed(monkeypatch):
    """Each call to remove a batch's photo files, as the list of files it was given."""
    calls = []
    remove = photos.remove_files
    monkeypatch.setattr(photos, "remove_files", lambda files: (calls.append(list(files)), remove(files)))
    return calls


@pytest.fixture
def second_batch_fails(monkeypatch):
    """The database refuses the second batch (as on a lock timeout), after the first committed."""
    from django.db import OperationalError

    stored = photos.stored_files
    batches = []

    def failing(pks):
        batches.append(pks)
        if len(batches) == 2:
            raise OperationalError("canceling statement due to lock timeout")
        return stored(pks)

    monkeypatch.setattr(photos, "stored_files", failing)


def test_empty_in_batches_deletes_every_product_and_removes_the_files_after_each_batch(
    in_shop_a, django_capture_on_commit_callbacks, files_removed
):
    binned = [_deleted(photos=1) for _ in range(5)]
    with django_capture_on_commit_callbacks(execute=True):
        result = trash.purge_in_batches(Product.objects.all(), batch=2)
    assert (result.deleted, result.remaining, result.problem) == (5, 0, "")
    assert [len(files) for files in files_removed] == [6, 6, 3]  # three variants per photo
    assert not Product.objects.filter(pk__in=[p.pk for p in binned]).exists()


def test_empty_failing_midway_keeps_the_rest_in_the_trash_and_counts_both(
    in_shop_a, django_capture_on_commit_callbacks, files_removed, second_batch_fails, caplog
):
    binned = [_deleted(photos=1) for _ in range(5)]
    with django_capture_on_commit_callbacks(execute=True):
        result = trash.purge_in_batches(Product.objects.all(), batch=2)
    assert (result.deleted, result.remaining) == (2, 3) and "try again" in result.problem
    assert sorted(Product.objects.values_list("pk", flat=True)) == [p.pk for p in binned[2:]]
    assert len(files_removed) == 1 and all(default_storage.exists(name) for p in binned[2:] for name in _files(p))
    assert "Emptying the trash stopped after 2 products" in caplog.text


def test_empty_with_a_product_listed_meanwhile_stops_at_its_batch_and_says_why(in_shop_a):
    binned = [_deleted() for _ in range(5)]
    asked = []

    def live(products):
        asked.append(products)
        return {p.pk: ["Test channel"] for p in products if p.pk == binned[3].pk and len(asked) > 1}

    entry = extensions.LiveListings(name="test-channel", live=live)
    extensions.register(entry)
    try:
        result = trash.purge_in_batches(Product.objects.all(), batch=2)
    finally:
        extensions.unregister(entry)
    assert (result.deleted, result.remaining) == (2, 3) and binned[3].sku in result.problem
    assert Product.objects.count() == 3


def test_empty_with_a_listed_product_in_a_later_batch_deletes_none(in_shop_a, live_on_test_channel):
    [_deleted() for _ in range(5)]
    with pytest.raises(trash.StillListed):
        trash.purge_in_batches(Product.objects.all(), batch=2)
    assert Product.objects.count() == 5


def test_empty_failing_midway_tells_the_seller_how_many_were_deleted_and_remain(
    client_a, shop_a, monkeypatch, second_batch_fails
):
    monkeypatch.setattr(trash, "PURGE_BATCH", 2)
    with tenant_context(shop_a.tenant):
        [_deleted() for _ in range(5)]
    response = client_a.post(reverse("catalog:purge_deleted") + "?status=deleted", {"scope": "all"})
    page = body(client_a.get(response["Location"]))
    assert "2 deleted for good, then it stopped: 3 products are still in the trash." in page
    assert "The database refused a batch; try again." in page


def test_empty_failing_midway_tells_the_seller_in_french(client_a, shop_a, monkeypatch, second_batch_fails):
    monkeypatch.setattr(trash, "PURGE_BATCH", 2)
    with tenant_context(shop_a.tenant):
        [_deleted() for _ in range(3)]
    response = client_a.post(
        reverse("catalog:purge_deleted") + "?status=deleted", {"scope": "all"}, HTTP_ACCEPT_LANGUAGE="fr"
    )
    page = body(client_a.get(response["Location"], HTTP_ACCEPT_LANGUAGE="fr"))
    expected = "Supprimés définitivement : 2 ; puis tout s’est arrêté : 1 produit est encore dans la corbeille."
    assert expected.replace(" :", "\u00a0:").replace(" ;", "\u00a0;") in page


def test_empty_of_an_empty_trash_says_so(client_a, shop_a):
    response = client_a.post(reverse("catalog:purge_deleted") + "?status=deleted", {"scope": "all"})
    assert "No deleted product matches this list." in body(client_a.get(response["Location"]))
