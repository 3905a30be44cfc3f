"""What the catalog writes to the shop's audit log: price changes (single and bulk), bulk
actions, delete/restore, CSV import and export, each with who, from where and through what."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_tenants.utils import tenant_context

from audit.models import Entry
from catalog import services, trash
from catalog.models import Product
from catalog.tests.factories import ProductFactory
from catalog.tests.test_csv import csv_text

pytestmark = pytest.mark.django_db


def _logged(shop, action):
    with tenant_context(shop.tenant):
        return list(Entry.objects.filter(action=action).order_by("object_label"))


def test_api_price_edit_records_old_and_new_price_via_api_with_the_ip(api_a, shop_a):
    with tenant_context(shop_a.tenant):
        ProductFactory(sku="U-1", price=Decimal("10.00"))
    api_a.patch("/api/v1/products/U-1/", {"price": "12.00"}, format="json", REMOTE_ADDR="198.51.100.7")
    [entry] = _logged(shop_a, "product.price_changed")
    assert (entry.via, entry.ip, entry.actor_label) == ("api", "198.51.100.7", shop_a.owner.email)
    assert entry.changes == {"price": ["10.00", "12.00"]} and entry.object_label.startswith("U-1 · ")


def test_an_edit_that_keeps_the_price_records_no_price_change(in_shop_a):
    product = ProductFactory(price=Decimal("10.00"))
    services.update_product(product, {"title": "A new title"})
    assert _logged(in_shop_a, "product.price_changed") == []


def test_bulk_actions_record_one_row_per_product(seller_a, shop_a):
    one = ProductFactory(sku="ONE", price=Decimal("10.00"))
    two = ProductFactory(sku="TWO", price=Decimal("20.00"))
    ids = [str(one.public_id), str(two.public_id)]
    for data in (
        {"action": "archive"},
        {"action": "price", "percent": "10"},
        {"action": "delete"},
        {"action": "restore"},
    ):
        seller_a.post(reverse("catalog:bulk"), {**data, "ids": ids}, REMOTE_ADDR="203.0.113.5")
    prices = _logged(shop_a, "product.price_changed")
    assert [e.changes["price"] for e in prices] == [["10.00", "11.00"], ["20.00", "22.00"]]
    assert {e.changes["percent"] for e in prices} == {"10"}
    archived = _logged(shop_a, "product.archived")
    assert [e.changes for e in archived] == [{"status": ["draft", "archived"]}] * 2
    for action in ("product.deleted", "product.restored"):
        rows = _logged(shop_a, action)
        assert [e.object_id for e in rows] == [str(one.public_id), str(two.public_id)]
        assert {(e.actor_id, e.ip, e.via) for e in rows} == {(shop_a.owner.pk, "203.0.113.5", "page")}


def test_deleting_one_product_from_its_page_is_recorded(seller_a, shop_a):
    product = ProductFactory(sku="GONE")
    seller_a.post(reverse("catalog:delete", args=[product.public_id]))
    [entry] = _logged(shop_a, "product.deleted")
    assert entry.object_id == str(product.public_id) and entry.actor_label == shop_a.owner.email


def test_deleting_an_already_deleted_product_records_nothing(in_shop_a):
    product = ProductFactory()
    trash.soft_delete(Product.objects.filter(pk=product.pk))
    trash.soft_delete(Product.objects.filter(pk=product.pk))
    assert len(_logged(in_shop_a, "product.deleted")) == 1


def test_csv_import_records_the_counts_and_each_price_it_changed(client_a, shop_a):
    with tenant_context(shop_a.tenant):
        ProductFactory(sku="KEEP", price=Decimal("5.00"))
    upload = SimpleUploadedFile(
        "p.csv",
        csv_text(
            [
                {"sku": "KEEP", "title": "kept", "price": "6"},
                {"sku": "NEW", "title": "new", "price": "1"},
                {"sku": "BAD", "title": "bad", "price": "x"},
            ]
        ).encode(),
    )
    client_a.post(reverse("catalog:import"), {"file": upload})
    [imported] = _logged(shop_a, "catalog.imported")
    assert imported.changes == {"created": 1, "updated": 1, "rejected": 1}
    assert imported.actor_label == shop_a.owner.email
    [repriced] = _logged(shop_a, "product.price_changed")
    assert repriced.changes == {"price": ["5.00", "6.00"]}


def test_csv_export_records_how_many_products_and_which_filters(seller_a, shop_a):
    ProductFactory(status=Product.Status.SOLD)
    ProductFactory()
    response = seller_a.get(reverse("catalog:export"), {"status": "sold"})
    b"".join(response.streaming_content)
    [entry] = _logged(shop_a, "catalog.exported")
    assert entry.changes == {"products": 1, "filters": "status=sold"} and entry.via == "page"
