"""Shop B asking for shop A's products, photos and SKUs gets 404 on every page and endpoint."""

from catalog.tests.factories import ProductFactory
from tests.isolation import IsolationCase, ShopReadCase, register, register_shop_reads


def _product(shop_a):
    return {"public_id": ProductFactory().public_id}


def _deleted_product(shop_a):
    from django.utils import timezone

    return {"public_id": ProductFactory(deleted_at=timezone.now()).public_id}


def _deleted_ids(shop_a):
    return {"ids": _deleted_product(shop_a)["public_id"]}


def _photo(shop_a):
    return {"photo_id": ProductFactory(photos=1).photos.get().public_id}


def _photo_file(shop_a):
    return {**_photo(shop_a), "variant": "thumb"}


def _import_run(shop_a):
    from catalog.models import ImportRun

    return {"public_id": ImportRun.objects.create(rows_total=600).public_id}


def _emptying(shop_a):
    from catalog import emptying

    _deleted_product(shop_a)
    return {"run_id": emptying.start(shop_a.tenant, ProductFactory._meta.model.objects.all())}


def _photo_upload(shop_a):
    from catalog.models import PhotoUpload

    return {"upload_id": PhotoUpload.objects.create(product=ProductFactory(), original="x", status="failed").public_id}


def _sku(shop_a):
    return {"sku": ProductFactory(sku="ONLY-IN-SHOP-A").sku}


def _sale(shop_a):
    from decimal import Decimal

    from catalog import sales

    return {"public_id": sales.record_sale(ProductFactory(stock=2), price=Decimal("5"), currency="EUR").public_id}


register(
    IsolationCase("catalog:detail", _product),
    IsolationCase("catalog:edit", _product, methods=("GET", "POST"), data={"title": "taken over"}),
    IsolationCase("catalog:duplicate", _product, methods=("POST",)),
    IsolationCase("catalog:sell", _product, methods=("POST",), data={"quantity": "1"}),
    IsolationCase("catalog:delete", _product, methods=("POST",)),
    IsolationCase("catalog:restore", _deleted_product, methods=("POST",)),
    IsolationCase("catalog:purge", _deleted_product, methods=("POST",)),
    IsolationCase("catalog:emptying", _emptying),
    IsolationCase("catalog:purge_deleted", _deleted_ids, methods=("POST",), params=("ids",)),
    IsolationCase("catalog:photo_upload", _product, methods=("POST",)),
    IsolationCase("catalog:photo_delete", _photo, methods=("POST",)),
    IsolationCase("catalog:photo_move", _photo, methods=("POST",), data={"direction": "up"}),
    IsolationCase("catalog:photo", _photo_file),
    IsolationCase("catalog:import_run", _import_run),
    IsolationCase("catalog:photo_uploads", _product),
    IsolationCase("catalog:photo_upload_retry", _photo_upload, methods=("POST",)),
    IsolationCase("catalog:photo_upload_delete", _photo_upload, methods=("POST",)),
    IsolationCase(
        "api-product", _sku, methods=("GET", "PATCH", "PUT", "DELETE"), data={"title": "taken over"}, api=True
    ),
    IsolationCase("api-product-photos", _sku, methods=("POST",), api=True),
    IsolationCase(
        "catalog:sale_edit", _sale, methods=("GET", "POST"), data={"price": "0", "sold_at": "2026-01-01T10:00"}
    ),
    IsolationCase("catalog:sale_cancel", _sale, methods=("POST",)),
    IsolationCase("api-sale", _sale, methods=("GET", "PATCH", "PUT"), data={"price": "0"}, api=True),
    IsolationCase("api-sale-cancel", _sale, methods=("POST",), api=True),
)


def _delist_step(shop_a):
    from catalog import delist

    step = delist.record_step(
        ProductFactory(stock=0, status="sold"), channel="vinted", outcome="failed", listing_ref="1", message="x"
    )
    return {"public_id": step.public_id}


register(IsolationCase("catalog:delist_dismiss", _delist_step, methods=("POST",)))


def _sold_in_a(shop_a):
    from decimal import Decimal

    from django_tenants.utils import tenant_context

    from catalog.tests.factories import SaleFactory

    with tenant_context(shop_a.tenant):
        for _ in range(3):
            SaleFactory(product__brand_name="Levi's", price=Decimal("123.45"))
    return "123.45"


register_shop_reads(ShopReadCase("catalog:price_suggestion", _sold_in_a))
