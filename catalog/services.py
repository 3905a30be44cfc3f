"""Writes on products. Pages, the API, CSV import and marketplace imports all come through here;
the trash (delete, restore, delete for good) is `catalog.trash`."""

import dataclasses
import logging
from collections.abc import Callable, Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, connection, transaction
from django.db.models import Field
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import Change, record, record_many
from tenants import quotas
from tenants.models import Tenant

from . import extensions
from . import photos as photo_service
from .cache import changes_products
from .models import DESCRIPTION_MAX, MAX_COLOURS, MAX_MATERIALS, SKU_MAX, TITLE_MAX, Product, ProductQuerySet, Sale
from .taxonomy import selectors as taxonomy

log = logging.getLogger(__name__)
QuotaExceeded = quotas.QuotaExceeded
PhotoRejected = photo_service.PhotoRejected
# A product's values keyed by field name, as forms, the API and imports hand them over: model
# values (taxonomy objects, Decimals), plus "colours" and "materials" lists.
ProductData = dict[str, Any]

SCALAR_FIELDS = (
    "sku",
    "title",
    "description",
    "price",
    "cost_price",
    "stock",
    "brand",
    "brand_name",
    "category",
    "size",
    "condition",
    "gender",
    "is_unisex",
    "package_size",
    "length_cm",
    "width_cm",
    "seller_notes",
    "private_notes",
    "tags",
    "status",
)


class NotPublishable(Exception):
    """The product may not go to a marketplace; the message says why."""


def assert_publishable(product: Product) -> None:
    """The single place the publication rules live; every marketplace calls it before publishing."""
    if product.deleted_at is not None:
        raise NotPublishable(_("This product is deleted."))
    if product.stock <= 0:
        raise NotPublishable(
            _("%(sku)s is out of stock: a product with stock 0 cannot be published.") % {"sku": product.sku}
        )


def counted_products() -> int:
    """Products that count against the plan: not deleted, not archived."""
    return Product.objects.alive().exclude(status=Product.Status.ARCHIVED).count()


def check_quota(tenant: Tenant, adding: int = 1) -> None:
    quotas.check_can_add_products(tenant, current=counted_products(), adding=adding)


def _resolve_brand(data: ProductData) -> None:
    """A chosen brand wins; typed text that matches a known brand maps to it; otherwise unmapped."""
    brand = data.get("brand")
    if brand is not None:
        data["brand_name"] = brand.name_en
        return
    name = (data.get("brand_name") or "").strip()
    data["brand_name"] = name
    data["brand"] = taxonomy.brand_named(name)
    if data["brand"] is not None:
        data["brand_name"] = data["brand"].name_en


def check_values(data: ProductData) -> dict[str, str]:
    """The rules on the values alone, without a query (CSV import checks 10,000 rows with them):
    {field: message} of what is wrong."""
    errors: dict[str, str] = {}
    if "sku" in data:
        data["sku"] = (data["sku"] or "").strip()
        if not data["sku"]:
            errors["sku"] = _("Give the product a SKU.")
        elif len(data["sku"]) > SKU_MAX:
            errors["sku"] = _("A SKU has at most %(max)s characters.") % {"max": SKU_MAX}
    if "title" in data and not (data["title"] or "").strip():
        errors["title"] = _("Give the product a title.")
    if len(data.get("title") or "") > TITLE_MAX:
        errors["title"] = _("A title has at most %(max)s characters.") % {"max": TITLE_MAX}
    if len(data.get("description") or "") > DESCRIPTION_MAX:
        errors["description"] = _("A description has at most %(max)s characters.") % {"max": DESCRIPTION_MAX}
    if data.get("colours") is not None and len(data["colours"]) > MAX_COLOURS:
        errors["colours"] = _("Pick at most %(max)s colours.") % {"max": MAX_COLOURS}
    if data.get("materials") is not None and len(data["materials"]) > MAX_MATERIALS:
        errors["materials"] = _("Pick at most %(max)s materials.") % {"max": MAX_MATERIALS}
    for field in ("price", "cost_price"):
        if data.get(field) is not None and data[field] < 0:
            errors[field] = _("A price cannot be negative.")
    if data.get("stock") is not None and data["stock"] < 0:
        errors["stock"] = _("Stock cannot be negative.")
    return errors


def validate(data: ProductData, instance: Product | None = None) -> None:
    """Rules that span fields or the shop's data; raises ValidationError keyed by field."""
    errors = check_values(data)
    if data.get("sku") and "sku" not in errors:
        clash = Product.objects.alive().filter(sku=data["sku"])
        if instance is not None and instance.pk:
            clash = clash.exclude(pk=instance.pk)
        if clash.exists():
            errors["sku"] = _("Another product already uses the SKU %(sku)s.") % {"sku": data["sku"]}
    category = data["category"] if "category" in data else getattr(instance, "category", None)
    size = data["size"] if "size" in data else getattr(instance, "size", None)
    if (
        size is not None
        and category is not None
        and not taxonomy.sizes_for_category(category).filter(pk=size.pk).exists()
    ):
        errors["size"] = _("This size does not belong to the category %(category)s.") % {"category": category}
    if errors:
        raise ValidationError(errors)


def _apply(product: Product, data: ProductData) -> None:
    status = data.get("status")
    now = timezone.now()
    if status == Product.Status.LISTED and product.listed_at is None:
        product.listed_at = now
    if status == Product.Status.SOLD and product.sold_at is None:
        product.sold_at = now
    if status and status != Product.Status.SOLD and product.status == Product.Status.SOLD:
        product.sold_at = None
    for field in SCALAR_FIELDS:
        if field in data:
            setattr(product, field, data[field])


def _save(product: Product) -> None:
    try:
        with transaction.atomic():
            product.save()
    except IntegrityError as error:
        message = _("Another product already uses the SKU %(sku)s.") % {"sku": product.sku}
        raise ValidationError({"sku": message}) from error


@changes_products
def create_product(tenant: Tenant, data: ProductData, photos: Iterable[bytes | UploadedFile] = ()) -> Product:
    """Create a product (and its photos) within the plan's quota.

    `data` holds model values (taxonomy objects, Decimals); `photos` bytes or UploadedFiles.
    A refused photo undoes the whole creation, so nothing half-made is left behind.
    """
    data = dict(data)
    check_quota(tenant)
    _resolve_brand(data)
    validate(data)
    with transaction.atomic():
        product = Product()
        _apply(product, data)
        _save(product)
        if data.get("colours"):
            product.colours.set(data["colours"])
        if data.get("materials"):
            product.materials.set(data["materials"])
        for upload in photos:
            photo_service.add_photo(tenant, product, upload)
    return product


@dataclasses.dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    over_limit: list[Any] = dataclasses.field(default_factory=list)  # keys of the new rows past the plan's limit
    limit: int | None = None


@changes_products
def import_products(tenant: Tenant, rows: list[tuple[Any, dict[str, Any]]]) -> ImportResult:
    """Create or update (by SKU) many products at once, by the rules of create_product and
    update_product: `_apply` sets the values and stamps listed_at / sold_at, the plan's limit
    holds (new rows past it are left out and named in `over_limit`), a price change is audited,
    and marketplaces are told of a product no longer for sale. `rows` are (key, data) pairs, each
    data already checked with `check_values` and its taxonomy objects resolved (a CSV import
    checks 10,000 rows against the taxonomy in memory); every data carries the same fields, and
    only those are written (a CSV without a private notes column leaves them as they are).
    Bulk statements: no per-row query."""
    result = ImportResult()
    if not rows:
        return result
    fields = [name for name in SCALAR_FIELDS if name in rows[0][1]]
    existing = {p.sku: p for p in Product.objects.alive().filter(sku__in=[data["sku"] for _key, data in rows])}
    new_rows = [(key, data) for key, data in rows if data["sku"] not in existing]
    result.limit = quotas.product_limit(tenant)
    if result.limit is not None:
        room = max(0, result.limit - counted_products())
        result.over_limit = [key for key, _data in new_rows[room:]]
        new_rows = new_rows[:room]
    now = timezone.now()
    creates, updates, relations, unavailable, repriced = [], [], [], [], []
    for _key, data in new_rows:
        product = Product()
        _apply(product, data)
        creates.append(product)
        relations.append((product, data))
    for _key, data in rows:
        if (found := existing.get(data["sku"])) is None:
            continue
        product = found
        was_available, old_price = is_available(product), product.price
        _apply(product, data)
        if product.price != old_price:
            repriced.append(Change(*audit_object(product), {"price": [old_price, product.price]}))
        if was_available and not is_available(product):
            unavailable.append(product)
        product.updated_at = now
        updates.append(product)
        relations.append((product, data))
    with transaction.atomic():
        Product.objects.bulk_create(creates, batch_size=2000)
        _update_rows(updates, fields + ["listed_at", "sold_at", "updated_at"])
        touched = [p.pk for p, _data in relations]
        for relation in ("colours", "materials"):
            through = getattr(Product, relation).through
            target = f"{through._meta.get_field(relation[:-1]).attname}"
            through.objects.filter(product_id__in=touched).delete()
            through.objects.bulk_create(
                [
                    through(product_id=p.pk, **{target: value.pk})
                    for p, data in relations
                    for value in dict.fromkeys(data.get(relation) or ())
                ],
                batch_size=5000,
            )
        # Sold or out of stock by import: marketplaces take their listings down, as for any edit.
        for product in unavailable:
            extensions.announce_unavailable(product)
        record_many("product.price_changed", repriced)
    result.created, result.updated = len(creates), len(updates)
    return result


def _update_rows(products: list[Product], fields: list[str]) -> None:
    """One UPDATE per row, pipelined by psycopg: far quicker than bulk_update's CASE expressions."""
    if not products:
        return
    model_fields = [field for name in fields if isinstance(field := Product._meta.get_field(name), Field)]
    assignments = ", ".join(f"{connection.ops.quote_name(f.column)} = %s" for f in model_fields)
    sql = f"UPDATE {connection.ops.quote_name(Product._meta.db_table)} SET {assignments} WHERE id = %s"
    with connection.cursor() as cursor:
        cursor.executemany(sql, [[getattr(p, f.attname) for f in model_fields] + [p.pk] for p in products])


def is_available(product: Product) -> bool:
    """For sale: in stock and not sold (marketplaces take down the listings of the others)."""
    return product.stock > 0 and product.status != Product.Status.SOLD and product.deleted_at is None


@changes_products
def update_product(
    product: Product,
    data: ProductData,
    *,
    takedown: str = extensions.TAKEDOWN_HIDE,
    sale: Sale | None = None,
    user: Any = None,
) -> Product:
    """Write `data`; when the product stops being for sale, marketplaces are told (with
    `takedown`, the seller's choice for its live listings, and the `sale` that caused it)."""
    data = dict(data)
    was_available = is_available(product)
    if "brand" in data or "brand_name" in data:
        data.setdefault("brand", None)
        _resolve_brand(data)
    validate(data, product)
    old_price = product.price
    with transaction.atomic():
        _apply(product, data)
        _save(product)
        if product.price != old_price:
            record("product.price_changed", *audit_object(product), {"price": [old_price, product.price]})
        if data.get("colours") is not None:
            product.colours.set(data["colours"])
        if data.get("materials") is not None:
            product.materials.set(data["materials"])
        if was_available and not is_available(product):
            extensions.announce_unavailable(product, takedown=takedown, sale=sale, user=user)
    return product


def set_status(product: Product, status: str, **announce: Any) -> Product:
    return update_product(product, {"status": status}, **announce)


def mark_listed(product: Product) -> Product:
    """For marketplaces: the product is now listed somewhere."""
    return set_status(product, Product.Status.LISTED)


def mark_sold(product: Product, **announce: Any) -> Product:
    """Status only; a sale with its price is recorded by `catalog.sales.record_sale`."""
    return set_status(product, Product.Status.SOLD, **announce)


def _free_sku(base: str) -> str:
    for n in range(1, 1000):
        candidate = f"{base[:56]}-copy{n if n > 1 else ''}"
        if not Product.objects.alive().filter(sku=candidate).exists():
            return candidate
    raise ValidationError({"sku": _("No free SKU for the copy.")})


def duplicate_product(tenant: Tenant, product: Product) -> Product:
    data = {field: getattr(product, field) for field in SCALAR_FIELDS}
    data.update(
        sku=_free_sku(product.sku),
        status=Product.Status.DRAFT,
        colours=list(product.colours.all()),
        materials=list(product.materials.all()),
    )
    with transaction.atomic():
        copy = create_product(tenant, data)
        photo_service.copy_photos(tenant, product, copy)
    return copy


def audit_object(product: Product) -> tuple[str, str, str]:
    return "product", str(product.public_id), f"{product.sku} · {product.title}"


def audit_each(
    action: str, products: Iterable[Product], changes: Callable[[Product], dict[str, Any]] = lambda product: {}
) -> None:
    record_many(action, [Change(*audit_object(product), changes(product)) for product in products])


@changes_products
def archive(products: ProductQuerySet) -> int:
    with transaction.atomic():
        targets = list(
            products.alive()
            .exclude(status=Product.Status.ARCHIVED)
            .select_for_update()
            .only("pk", "public_id", "sku", "title", "status")
        )
        count = Product.objects.filter(pk__in=[p.pk for p in targets]).update(
            status=Product.Status.ARCHIVED, updated_at=timezone.now()
        )
        audit_each("product.archived", targets, lambda product: {"status": [product.status, Product.Status.ARCHIVED]})
    return count


@changes_products
def change_price_by_percent(products: ProductQuerySet, percent: Decimal) -> int:
    """Raise or lower prices by `percent` (e.g. -10), rounded to the cent, never below 0."""
    percent = Decimal(percent)
    if percent <= -100 or percent > 1000:
        raise ValidationError({"percent": _("Choose a percentage between -99 and 1000.")})
    factor = (Decimal(100) + percent) / Decimal(100)
    changed, audit = [], []
    now = timezone.now()
    for product in products.alive().only("pk", "price", "public_id", "sku", "title"):
        old_price = product.price
        product.price = (product.price * factor).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        product.updated_at = now
        changed.append(product)
        audit.append(Change(*audit_object(product), {"price": [old_price, product.price], "percent": percent}))
    with transaction.atomic():
        Product.objects.bulk_update(changed, ["price", "updated_at"], batch_size=1000)
        record_many("product.price_changed", audit)
    return len(changed)
