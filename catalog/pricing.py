"""Price suggestions from the shop's own sales and listings (reads only).

A product's price range comes from similar items the shop sold in the last 90 days: same
category, brand and condition first; when fewer than MIN_SOLD match, the match is widened to the
brand in the category's parent, then to the brand alone (or, with no brand, to the parent
category), and the suggestion says which match it used. The range is the middle half of the
sold prices (first to third quartile) around the median; the time to sell is from listing (or
creation, for an item never listed) to sale. Items for sale now with the same match are counted
beside it; when no level has enough sales, the closest level with items for sale gives the range
from their prices instead (and says there was no similar sale), else there is no suggestion.
"""

import datetime
import statistics
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from stoflow.formatting import format_money

from .models import Product, Sale

WINDOW_DAYS = 90
MIN_SOLD = 3  # fewer similar sales than this give no range worth showing: widen the match

MATCHES = {
    "exact": _("same category, brand and condition"),
    "category": _("same category and condition"),
    "parent_brand": _("same brand in the parent category"),
    "parent": _("same parent category"),
    "brand": _("same brand, any category"),
}


@dataclass(frozen=True)
class PriceSuggestion:
    low: Decimal
    median: Decimal
    high: Decimal
    currency: str
    sold: int  # similar items sold in the window (0 when the listings alone give the range)
    listed: int  # similar items for sale now
    days: int
    days_to_sell: float | None  # average, over the similar sales
    match: str  # a key of MATCHES
    widened: bool  # the exact match had too few sales

    @property
    def match_label(self) -> str:
        return str(MATCHES[self.match])

    @property
    def basis(self) -> str:
        """What the seller reads, e.g. "12 similar items sold in 90 days, median 18 €, sold in 9 days on average"."""
        median = format_money(self.median, self.currency)
        if not self.sold:
            return ngettext(
                "Too few similar sales in %(days)s days; %(count)s similar item for sale now, at %(median)s.",
                "Too few similar sales in %(days)s days; %(count)s similar items for sale now, median %(median)s.",
                self.listed,
            ) % {"count": self.listed, "days": self.days, "median": median}
        text = ngettext(
            "%(count)s similar item sold in %(days)s days, at %(median)s",
            "%(count)s similar items sold in %(days)s days, median %(median)s",
            self.sold,
        ) % {"count": self.sold, "days": self.days, "median": median}
        if self.days_to_sell is not None:
            days = round(self.days_to_sell)
            text += ngettext(", sold in %(days)s day on average", ", sold in %(days)s days on average", days) % {
                "days": days
            }
        return text + "."


def _quantile(values: list[Decimal], q: float) -> Decimal:
    if len(values) == 1:
        return values[0]
    cut = statistics.quantiles([float(v) for v in values], n=4, method="inclusive")
    return Decimal(str(cut[0] if q < 0.5 else cut[2]))


def _cents(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _levels(category, brand: str, condition) -> list[tuple[str, Q]]:
    """(match, filter on Product fields) from the closest match to the widest."""
    levels = []
    brand_q = Q(brand_name__iexact=brand) if brand else None
    parent = getattr(category, "parent_id", None)
    if category is not None:
        same = Q(category=category) & (Q(condition=condition) if condition is not None else Q())
        levels.append(("exact", same & brand_q) if brand_q else ("category", same))
        if parent is not None:
            levels.append(
                ("parent_brand", Q(category__parent_id=parent) & brand_q)
                if brand_q
                else ("parent", Q(category__parent_id=parent))
            )
    if brand_q:
        levels.append(("brand", brand_q))
    return levels


def suggest_price(
    *, category=None, brand: str = "", condition=None, currency: str, exclude: Product | None = None, now=None
) -> PriceSuggestion | None:
    """A price range for an item with these category, brand and condition, or None when the shop
    has neither sold nor listed anything similar."""
    brand = (brand or "").strip()
    levels = _levels(category, brand, condition)
    if not levels:
        return None
    since = (now or timezone.now()) - datetime.timedelta(days=WINDOW_DAYS)
    sales = (
        Sale.objects.counted()
        .filter(sold_at__gte=since, currency=currency, product__isnull=False)
        .annotate(on_sale_from=Coalesce(F("product__listed_at"), F("product__created_at")))
    )
    listings = Product.objects.alive().filter(status__in=(Product.Status.READY, Product.Status.LISTED), stock__gt=0)
    if exclude is not None:
        sales = sales.exclude(product=exclude)
        listings = listings.exclude(pk=exclude.pk)
    fallback = None
    for position, (match, condition_q) in enumerate(levels):
        # Products of any state, deleted ones too: an item sold then removed still sold at that price.
        sold = list(
            sales.filter(product__in=Product.objects.filter(condition_q)).values_list(
                "price", "sold_at", "on_sale_from"
            )
        )
        listed = sorted(listings.filter(condition_q).values_list("price", flat=True))
        if len(sold) >= MIN_SOLD:
            prices = sorted(price for price, _sold_at, _from in sold)
            waits = [(sold_at - start).total_seconds() / 86400 for _p, sold_at, start in sold if sold_at >= start]
            return PriceSuggestion(
                low=_cents(_quantile(prices, 0.25)),
                median=_cents(statistics.median(prices)),
                high=_cents(_quantile(prices, 0.75)),
                currency=currency,
                sold=len(sold),
                listed=len(listed),
                days=WINDOW_DAYS,
                days_to_sell=sum(waits) / len(waits) if waits else None,
                match=match,
                widened=position > 0,
            )
        if fallback is None and listed:
            fallback = PriceSuggestion(
                low=_cents(_quantile(listed, 0.25)),
                median=_cents(statistics.median(listed)),
                high=_cents(_quantile(listed, 0.75)),
                currency=currency,
                sold=0,
                listed=len(listed),
                days=WINDOW_DAYS,
                days_to_sell=None,
                match=match,
                widened=position > 0,
            )
    return fallback


def suggest_for_product(product: Product, currency: str) -> PriceSuggestion | None:
    return suggest_price(
        category=product.category,
        brand=product.brand_name,
        condition=product.condition,
        currency=currency,
        exclude=product if product.pk else None,
    )


def _id(value) -> int | None:
    try:
        return int(value) if value else None
    except (TypeError, ValueError):
        return None


def has_choices(data) -> bool:
    """Whether a category or a brand was given: without either there is nothing to compare."""
    return bool(_id(data.get("category")) or (data.get("brand_name") or "").strip())


def suggest_for_choices(data, currency: str, product: Product | None = None) -> PriceSuggestion | None:
    """The suggestion for what a product form holds so far (`category`, `brand_name`, `condition`
    as posted or sent by HTMX); ids that name nothing are ignored, like an empty field. The product
    being edited is not compared with itself."""
    from .taxonomy.models import Category, Condition

    category_id, condition_id = _id(data.get("category")), _id(data.get("condition"))
    return suggest_price(
        category=Category.objects.filter(pk=category_id).first() if category_id else None,
        brand=(data.get("brand_name") or "")[:120],
        condition=Condition.objects.filter(pk=condition_id).first() if condition_id else None,
        currency=currency,
        exclude=product if product is not None and product.pk else None,
    )
