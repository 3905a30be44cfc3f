"""Reads of the Sales page, its CSV export and the sales API: the filtered sales, totals per
currency, a monthly series and sell-through by category and brand.

Amounts in different currencies are never added together: every total is per currency.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Avg, Count, DecimalField, DurationField, ExpressionWrapper, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.http import Http404
from django.utils import timezone

from .models import Product, Sale

MONEY = DecimalField(max_digits=14, decimal_places=2)
ZERO = Decimal("0")


@dataclass(frozen=True)
class SaleFilters:
    """What the page, the export and the API filter on; None or "" means "any"."""

    start: datetime.date | None = None  # local dates, both included
    end: datetime.date | None = None
    channel: str = ""
    account: str = ""  # a marketplace account's account_ref
    category: int | None = None  # a category id, its sub-categories included
    brand: str = ""  # the brand's name, any case
    cancelled: bool = False  # True: also list cancelled sales


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def filtered(filters: SaleFilters) -> QuerySet[Sale]:
    queryset = Sale.objects.select_related("product")
    if not filters.cancelled:
        queryset = queryset.counted()
    if filters.start:
        queryset = queryset.filter(sold_at__gte=_day_start(filters.start))
    if filters.end:
        queryset = queryset.filter(sold_at__lt=_day_start(filters.end + datetime.timedelta(days=1)))
    if filters.channel:
        queryset = queryset.filter(channel=filters.channel)
    if filters.account:
        queryset = queryset.filter(account_ref=filters.account)
    if filters.category:
        queryset = queryset.filter(
            Q(product__category_id=filters.category)
            | Q(product__category__parent_id=filters.category)
            | Q(product__category__parent__parent_id=filters.category)
        )
    if filters.brand:
        queryset = queryset.filter(product__brand_name__iexact=filters.brand.strip())
    return queryset.order_by("-sold_at", "-id")


def totals(queryset: QuerySet[Sale]) -> list[dict]:
    """One row per currency: sales, units, revenue, cost, shipping and fees, margin, average days
    from listing (or creation, for a product never listed) to sale."""
    days = ExpressionWrapper(
        F("sold_at") - Coalesce(F("product__listed_at"), F("product__created_at")), output_field=DurationField()
    )
    rows = (
        queryset.counted()
        .order_by()
        .values("currency")
        .annotate(
            sales=Count("pk"),
            units=Coalesce(Sum("quantity"), 0),
            revenue=Coalesce(
                Sum(ExpressionWrapper(F("price") * F("quantity"), output_field=MONEY)), ZERO, output_field=MONEY
            ),
            cost=Coalesce(
                Sum(ExpressionWrapper(Coalesce(F("cost_price"), ZERO) * F("quantity"), output_field=MONEY)),
                ZERO,
                output_field=MONEY,
            ),
            expenses=Coalesce(
                Sum(
                    ExpressionWrapper(
                        Coalesce(F("shipping_cost"), ZERO) + Coalesce(F("fees"), ZERO), output_field=MONEY
                    )
                ),
                ZERO,
                output_field=MONEY,
            ),
            margin=Coalesce(Sum("margin"), ZERO, output_field=MONEY),
            days_to_sell=Avg(days, filter=Q(product__isnull=False)),
        )
        .order_by("currency")
    )
    result = []
    for row in rows:
        duration = row.pop("days_to_sell")
        row["days_to_sell"] = None if duration is None else round(max(duration.total_seconds(), 0) / 86400, 1)
        result.append(row)
    return result


def monthly(queryset: QuerySet[Sale], months: int = 12) -> dict:
    """Revenue and margin per local month over the last `months` months, one pair of series per
    currency (Chart.js data: labels and series)."""
    today = timezone.localdate()
    first = today.replace(day=1)
    axis = []
    for _index in range(months):
        axis.insert(0, first)
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    rows = (
        queryset.counted()
        .filter(sold_at__gte=_day_start(axis[0]))
        .order_by()
        .annotate(month=TruncMonth("sold_at"))
        .values("month", "currency")
        .annotate(revenue=Sum(ExpressionWrapper(F("price") * F("quantity"), output_field=MONEY)), margin=Sum("margin"))
    )
    values: dict[tuple[str, str], dict[datetime.date, Decimal]] = {}
    for row in rows:
        month = row["month"].date() if isinstance(row["month"], datetime.datetime) else row["month"]
        values.setdefault(("revenue", row["currency"]), {})[month] = row["revenue"]
        values.setdefault(("margin", row["currency"]), {})[month] = row["margin"]
    series = [
        {"key": kind, "currency": currency, "values": [float(by_month.get(month, 0)) for month in axis]}
        for (kind, currency), by_month in sorted(values.items(), key=lambda item: (item[0][1], item[0][0]))
    ]
    return {"months": axis, "series": series}


def sell_through(queryset: QuerySet[Sale], by: str, limit: int = 20) -> list[dict]:
    """Units sold among the filtered sales against units still in stock, per category or brand:
    rate = sold / (sold + in stock). `by` is "category" or "brand"."""
    key = {"category": "product__category_id", "brand": "product__brand_name"}[by]
    sold = dict(
        queryset.counted()
        .filter(product__isnull=False)
        .order_by()
        .values_list(key)
        .annotate(n=Sum("quantity"))
        .values_list(key, "n")
    )
    product_key = key.removeprefix("product__")
    in_stock = dict(
        Product.objects.alive()
        .filter(**{f"{product_key}__in": [k for k in sold if k is not None]})
        .exclude(status__in=[Product.Status.SOLD, Product.Status.ARCHIVED])
        .order_by()
        .values_list(product_key)
        .annotate(n=Sum("stock"))
        .values_list(product_key, "n")
    )
    rows = [
        {"key": value, "sold": n, "in_stock": in_stock.get(value) or 0}
        for value, n in sold.items()
        if value not in (None, "")
    ]
    for row in rows:
        row["rate"] = row["sold"] / (row["sold"] + row["in_stock"])
    rows.sort(key=lambda row: (-row["sold"], str(row["key"])))
    return rows[:limit]


def channels() -> list[str]:
    return list(Sale.objects.order_by("channel").values_list("channel", flat=True).distinct())


def accounts() -> list[tuple[str, str]]:
    """(account_ref, label) of every marketplace account that has sales."""
    rows = (
        Sale.objects.exclude(account_ref="")
        .order_by("account_label", "account_ref")
        .values_list("account_ref", "account_label")
        .distinct()
    )
    seen: dict[str, str] = {}
    for ref, label in rows:
        seen.setdefault(ref, label or ref)
    return list(seen.items())


def get_sale(public_id) -> Sale:
    try:
        return Sale.objects.select_related("product").get(public_id=public_id)
    except (Sale.DoesNotExist, ValueError):
        raise Http404("No such sale") from None
