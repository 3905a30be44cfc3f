"""Reads on products: the filtered list, one product, dashboard figures."""

import datetime
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.postgres.search import SearchQuery
from django.db.models import (
    Aggregate,
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.expressions import Combinable
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import SEARCH_CONFIG, PhotoUpload, Product, ProductPhoto, ProductQuerySet, Sale
from .taxonomy.models import Category

SORTS = {
    "newest": (_("Newest first"), ("-created_at", "-id")),
    "oldest": (_("Oldest first"), ("created_at", "id")),
    "price": (_("Price, low to high"), ("price", "id")),
    "-price": (_("Price, high to low"), ("-price", "-id")),
    "title": (_("Title, A to Z"), ("title", "id")),
    "updated": (_("Recently changed"), ("-updated_at", "-id")),
}
DEFAULT_SORT = "newest"


@dataclass
class ProductFilters:
    """What the list page and the API filter on; every field optional."""

    q: str = ""
    status: str = ""  # a Status value, "deleted", or "" for every live product
    category: int | None = None
    brand: str = ""  # a brand pk, "unmapped", or ""
    condition: int | None = None
    has_photos: bool | None = None
    sort: str = DEFAULT_SORT
    extra: dict[str, Any] = field(default_factory=dict)  # extension filters, by name


def _search_query(text: str) -> SearchQuery | None:
    # Every word must match, as a prefix, so "strip shi" finds "striped shirt". Punctuation splits
    # words, as it splits the SKU in the search vector: "mar-7" finds the SKU "MAR-77".
    words = "".join(ch if ch.isalnum() else " " for ch in text.lower()).split()
    if not words:
        return None
    return SearchQuery(" & ".join(f"{w}:*" for w in words), search_type="raw", config=SEARCH_CONFIG)


def products(filters: ProductFilters | None = None) -> ProductQuerySet:
    filters = filters or ProductFilters()
    queryset = Product.objects.deleted() if filters.status == "deleted" else Product.objects.alive()
    if filters.status and filters.status != "deleted":
        queryset = queryset.filter(status=filters.status)
    text = (filters.q or "").strip()
    query = _search_query(text)
    if query is not None:
        queryset = queryset.filter(search=query)
    if filters.category:
        queryset = queryset.filter(
            Q(category_id=filters.category)
            | Q(category__parent_id=filters.category)
            | Q(category__parent__parent_id=filters.category)
        )
    if filters.brand == "unmapped":
        queryset = queryset.filter(brand__isnull=True).exclude(brand_name="")
    elif filters.brand:
        queryset = queryset.filter(brand_id=filters.brand)
    if filters.condition:
        queryset = queryset.filter(condition_id=filters.condition)
    if filters.has_photos is True:
        queryset = queryset.filter(photo_count__gt=0)
    elif filters.has_photos is False:
        queryset = queryset.filter(photo_count=0)
    return queryset.order_by(*SORTS.get(filters.sort, SORTS[DEFAULT_SORT])[1])


LIST_COLUMNS = (
    "public_id",
    "sku",
    "title",
    "price",
    "stock",
    "status",
    "deleted_at",
    "brand_id",
    "brand_name",
    "category__name_en",
    "category__name_fr",
)


def for_list(queryset: ProductQuerySet) -> ProductQuerySet:
    """Everything a list row shows but the cover photo, joined in the same query, and only that:
    descriptions and notes can be kilobytes a row."""
    return queryset.select_related("category").only(*LIST_COLUMNS)


def attach_covers(products: Iterable[Product]) -> list[Product]:
    """Set `cover_id` (first photo's public id) on a page of products with one query; a per-row
    subquery would also run for every row an OFFSET skips."""
    page = list(products)
    covers = dict(
        ProductPhoto.objects.filter(product_id__in=[p.pk for p in page])
        .order_by("product_id", "position", "id")
        .distinct("product_id")
        .values_list("product_id", "public_id")
    )
    for product in page:
        product.cover_id = covers.get(product.pk)
    return page


def channel_facts(products: Iterable[Product]) -> dict[Any, Product]:
    """What a channel checks to tell, on the product list, whether a product has every field it needs
    and whether it changed since a listing was sent: {pk: Product} with its title, description, price,
    stock, brand, gender, photo count, `updated_at`, its category (with `category_has_sizes`), size,
    condition and package size joined, and `colour_count`. One query for the whole page, whatever its
    size (channels call it from catalog.extensions.ChannelStatus.states)."""
    groups = Category.size_groups.through.objects.filter(category_id=OuterRef("category_id"))
    colours = (
        Product.colours.through.objects.filter(product_id=OuterRef("pk"))
        .order_by()
        .values("product_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = (
        Product.objects.filter(pk__in=[product.pk for product in products])
        .select_related("category", "size", "condition", "package_size")
        .only(
            "title",
            "description",
            "price",
            "stock",
            "brand_name",
            "gender",
            "photo_count",
            "updated_at",
            "category__external_ids",
            "category__is_leaf",
            "category__path_en",
            "category__name_en",
            "size__external_ids",
            "size__name_en",
            "condition__external_ids",
            "condition__name_en",
            "package_size__external_ids",
        )
        .annotate(
            category_has_sizes=Exists(groups),
            colour_count=Coalesce(Subquery(colours, output_field=IntegerField()), 0),
        )
    )
    return {product.pk: product for product in rows}


def has_products() -> bool:
    """Whether the shop ever added a product (a deleted one counts: the step was done)."""
    return Product.objects.exists()


def _uuid(value: object) -> uuid.UUID | None:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError:
        return None


def product(public_id: uuid.UUID | str, *, include_deleted: bool = False) -> Product | None:
    """A product of the current shop (live unless `include_deleted`), or None."""
    if (found_id := _uuid(public_id)) is None:
        return None
    queryset = Product.objects.all() if include_deleted else Product.objects.alive()
    return (
        queryset.select_related("brand", "category__parent__parent", "size__group", "condition", "package_size")
        .filter(public_id=found_id)
        .first()
    )


def product_by_sku(sku: str) -> Product | None:
    return (
        Product.objects.alive()
        .filter(sku=sku)
        .select_related("brand", "category", "size", "condition", "package_size")
        .first()
    )


def photo_upload(public_id: uuid.UUID | str) -> PhotoUpload | None:
    if (found_id := _uuid(public_id)) is None:
        return None
    return PhotoUpload.objects.select_related("product").filter(public_id=found_id).first()


def photo(public_id: uuid.UUID | str) -> ProductPhoto | None:
    if (found_id := _uuid(public_id)) is None:
        return None
    return ProductPhoto.objects.select_related("product").filter(public_id=found_id).first()


def by_public_ids(ids: Iterable[object]) -> ProductQuerySet:
    valid: list[uuid.UUID] = []
    for value in ids:
        try:
            valid.append(uuid.UUID(str(value)))
        except ValueError:
            continue
    return Product.objects.filter(public_id__in=valid)


MONEY: "DecimalField[Decimal, Decimal]" = DecimalField(max_digits=14, decimal_places=2)


def _money(expression: Combinable, condition: Q) -> Coalesce:
    return Coalesce(
        Sum(ExpressionWrapper(expression, output_field=MONEY), filter=condition), Decimal("0"), output_field=MONEY
    )


def dashboard_figures(currency: str | None = None) -> dict[str, Any]:
    """Cards of the dashboard: one aggregate scan over the live products (statuses, stock value)
    and one over this month's sales (sold, revenue and margin at the prices actually paid).

    With `currency`, revenue and margin count only the sales in it (amounts in different
    currencies are never added); `other_currencies` names the others sold this month."""
    now = timezone.localtime()
    month_start = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    in_stock = Q(status__in=[Product.Status.DRAFT, Product.Status.READY, Product.Status.LISTED])
    cost = Coalesce(F("cost_price"), Decimal("0"))
    aggregates: dict[str, Aggregate | Coalesce] = {
        f"status_{value}": Count("pk", filter=Q(status=value)) for value in Product.Status.values
    }
    aggregates.update(
        stock_at_cost=_money(F("stock") * cost, in_stock),
        stock_at_price=_money(F("stock") * F("price"), in_stock),
    )
    figures = Product.objects.alive().aggregate(**aggregates)
    month_sales = Sale.objects.counted().filter(sold_at__gte=month_start)
    in_currency = Q(currency=currency) if currency else Q()
    sales = month_sales.aggregate(
        sold_count=Coalesce(Sum("quantity"), 0),
        revenue=_money(F("price") * F("quantity"), in_currency),
        margin=Coalesce(Sum("margin", filter=in_currency), Decimal("0"), output_field=MONEY),
    )
    others = sorted(set(month_sales.exclude(currency=currency).values_list("currency", flat=True))) if currency else []
    return {
        "by_status": [(value, label, figures[f"status_{value}"]) for value, label in Product.Status.choices],
        "listed": figures[f"status_{Product.Status.LISTED}"],
        "stock_at_cost": figures["stock_at_cost"],
        "stock_at_price": figures["stock_at_price"],
        "sold_count": sales["sold_count"],
        "revenue": sales["revenue"],
        "profit": sales["margin"],
        "other_currencies": others,
    }


def daily_sold(days: int) -> dict[datetime.date, int]:
    """Units sold per local day, from the sales ledger."""
    since = timezone.localdate() - datetime.timedelta(days=days - 1)
    start = timezone.make_aware(datetime.datetime.combine(since, datetime.time.min))
    rows = (
        Sale.objects.counted()
        .filter(sold_at__gte=start)
        .annotate(day=TruncDate("sold_at"))
        .values("day")
        .annotate(n=Sum("quantity"))
        .values_list("day", "n")
    )
    return dict(rows)


def sales_of(product: Product) -> QuerySet[Sale]:
    return Sale.objects.filter(product=product).order_by("-sold_at", "-id")


def daily_counts(field_name: str, days: int) -> dict[datetime.date, int]:
    since = timezone.localdate() - datetime.timedelta(days=days - 1)
    start = timezone.make_aware(datetime.datetime.combine(since, datetime.time.min))
    rows = (
        Product.objects.filter(**{f"{field_name}__gte": start})
        .annotate(day=TruncDate(field_name))
        .values("day")
        .annotate(n=Count("pk"))
        .values_list("day", "n")
    )
    return dict(rows)


def day_axis(days: int) -> list[datetime.date]:
    today = timezone.localdate()
    return [today - datetime.timedelta(days=offset) for offset in range(days - 1, -1, -1)]


def last_change() -> datetime.datetime | None:
    """Latest update among live products (an index lookup): part of the dashboard cache key, so
    writes that bypass the services still show up."""
    return Product.objects.alive().order_by("-updated_at", "-id").values_list("updated_at", flat=True).first()


def list_relations(product_ids: Iterable[int]) -> dict[str, dict[int, list[Any]]]:
    """Colour ids, material ids and photo rows of a page of products, in three flat queries:
    prefetch_related would build a model and a queryset per row and per relation."""
    through = {"colours": (Product.colours.through, "colour"), "materials": (Product.materials.through, "material")}
    relations: dict[str, dict[int, list[Any]]] = {}
    for name, (model, target) in through.items():
        rows = (
            model._default_manager.filter(product_id__in=product_ids)
            .order_by("product_id", f"{target}__position", f"{target}__name_en")
            .values_list("product_id", f"{target}_id")
        )
        relations[name] = {}
        for product_id, value in rows:
            relations[name].setdefault(product_id, []).append(value)
    relations["photos"] = {}
    for row in (
        ProductPhoto.objects.filter(product_id__in=product_ids)
        .order_by("product_id", "position", "id")
        .values_list("product_id", "public_id", "position", "width", "height")
    ):
        relations["photos"].setdefault(row[0], []).append(row[1:])
    return relations
