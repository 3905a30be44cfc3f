"""How other apps (marketplaces, AI) plug into the catalog's pages without catalog importing them.

Register from your AppConfig.ready(); see docs/catalog.md. Every registry is keyed by `name`, so
registering again replaces the earlier entry (safe under autoreload and in tests).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse


@dataclass(frozen=True)
class ProductFilter:
    name: str  # query-string key, e.g. "vinted"
    label: str  # lazily translated
    choices: Callable[[HttpRequest], list[tuple[str, str]]]  # (value, label) for this request
    apply: Callable[[QuerySet, str, HttpRequest], QuerySet]  # narrow the queryset for a chosen value
    order: int = 50


@dataclass(frozen=True)
class BulkAction:
    name: str
    label: str
    # Gets the selected live products; returns a response (e.g. a redirect) or a message to show.
    handler: Callable[[HttpRequest, QuerySet], "HttpResponse | str | None"]
    order: int = 50
    confirm: str = ""  # optional confirmation question


@dataclass(frozen=True)
class DetailSection:
    name: str
    template: str  # rendered with context(request, product)
    context: Callable[[HttpRequest, Any], dict]
    order: int = 50


@dataclass(frozen=True)
class FormPanel:
    name: str
    template: str  # product is None on the create page
    context: Callable[[HttpRequest, Any], dict]
    order: int = 50


@dataclass(frozen=True)
class ChartSeries:
    name: str
    label: str
    values: Callable[[HttpRequest, list], list[float]]  # one value per day of the axis given
    order: int = 50


@dataclass(frozen=True)
class DashboardCard:
    name: str
    label: str
    value: Callable[[HttpRequest], Any]
    order: int = 50


@dataclass(frozen=True)
class SetupStep:
    """A step of the first-run checklist on the dashboard; it ticks itself from the shop's data."""

    name: str
    label: str
    done: Callable[[HttpRequest], bool]
    url: Callable[[HttpRequest], str]  # where the seller does it
    help: str = ""
    order: int = 50


@dataclass(frozen=True)
class Advice:
    """What one marketplace says about a category, in the catalog's own terms (taxonomy pks)."""

    source: str  # e.g. "Vinted (www.vinted.fr)"
    condition_ids: frozenset | None = None  # Condition pks allowed; None: no limit known
    package_size_ids: tuple = ()  # PackageSize pks offered, the suggestion first
    required: frozenset = frozenset()  # product fields it requires: size, brand_name, colours, materials
    problem: str = ""  # e.g. the category no longer exists there
    note: str = ""  # e.g. "built-in list until the first refresh"


@dataclass(frozen=True)
class CategoryAdvice:
    name: str
    advise: Callable[[HttpRequest, Any], "Advice | None"]  # (request, category) for the product form
    order: int = 50


@dataclass(frozen=True)
class BrandSuggestions:
    name: str
    search: Callable[[HttpRequest, str], list[str]]  # (request, typed text) -> brand names
    order: int = 50


# What a marketplace may do with its live listings of a product that can no longer be sold.
TAKEDOWN_HIDE, TAKEDOWN_DELETE, TAKEDOWN_KEEP = "hide", "delete", "keep"


@dataclass(frozen=True)
class ProductUnavailable:
    """Told when a product stops being for sale (marked sold, or its stock reached 0).

    handler(product, takedown=TAKEDOWN_*, sale=Sale | None, user=User | None): `takedown` is the
    seller's choice (hide by default); `sale` is the sale that caused it, whose own listing
    (channel, account_ref, listing_ref) has sold and must be left alone. Called inside the
    write's transaction, so what the handler records commits or rolls back with it.
    """

    name: str
    handler: Callable[..., None]
    order: int = 50


# Where a product stands on one channel account (ChannelState.state).
LISTED, PAUSED, PENDING, SOLD, NOT_LISTED, PROBLEM = "listed", "paused", "pending", "sold", "not_listed", "problem"


@dataclass(frozen=True)
class ChannelState:
    """One product on one account of a channel, in the seller's words (labels already translated)."""

    channel: str  # e.g. "Vinted", "eBay"
    place: str  # the account and site, e.g. "alice · vinted.fr"
    state: str  # LISTED, PAUSED, PENDING, SOLD, NOT_LISTED or PROBLEM
    label: str  # the state as the seller reads it, e.g. "Listed", "Publishing", "Failed: …"
    url: str = ""  # the live listing, when there is one
    out_of_date: tuple[str, ...] = ()  # fields changed in Stoflow since the listing was last sent
    needs: tuple[str, ...] = ()  # what the channel still needs before it can list the product
    # For the list, from a constant number of queries per page (catalog.selectors.channel_facts):
    stale: bool = False  # a live listing of a product edited in Stoflow after the listing was last sent
    missing: tuple[str, ...] = ()  # product fields the channel still needs (mapping completeness), by label


@dataclass(frozen=True)
class ChannelStatus:
    """A channel's view of products for the product page and list.

    states(request, products, detail=bool) -> {product pk: [ChannelState, one per account]}. One call per
    page, for every product shown: a channel reads its listings in one query, not one per product. On
    the list `detail` is False: a channel fills `stale` and `missing` (the list shows "out of date" and
    "needs N fields") in a number of queries that does not grow with the page, and may leave
    `out_of_date` and `needs` empty (they cost a mapping per product); on the product page it is True
    and they say which fields differ and what exactly is missing.
    """

    name: str
    states: Callable[..., dict]
    order: int = 50


@dataclass(frozen=True)
class LiveListings:
    """Asked before products are deleted for good: which of them a channel still has on sale.

    live(products) -> {product pk: [where, e.g. "Vinted (alice · vinted.fr)"]} for the products
    with a listing that still exists there (on sale, publishing, hidden), read in one query for all
    of them. Deleting such a product would orphan a listing that buyers can buy, or that the seller
    can put back on sale, so the catalog refuses.
    """

    name: str
    live: Callable[[list], dict]
    order: int = 50


_registries: dict[type, dict[str, Any]] = {
    kind: {}
    for kind in (
        ProductFilter,
        BulkAction,
        DetailSection,
        FormPanel,
        ChartSeries,
        DashboardCard,
        SetupStep,
        CategoryAdvice,
        BrandSuggestions,
        ProductUnavailable,
        ChannelStatus,
        LiveListings,
    )
}


def register(entry) -> None:
    _registries[type(entry)][entry.name] = entry


def unregister(entry) -> None:
    _registries[type(entry)].pop(entry.name, None)


def _sorted(kind: type) -> list:
    return sorted(_registries[kind].values(), key=lambda e: (e.order, e.name))


def product_filters() -> list[ProductFilter]:
    return _sorted(ProductFilter)


def bulk_actions() -> list[BulkAction]:
    return _sorted(BulkAction)


def detail_sections() -> list[DetailSection]:
    return _sorted(DetailSection)


def form_panels() -> list[FormPanel]:
    return _sorted(FormPanel)


def chart_series() -> list[ChartSeries]:
    return _sorted(ChartSeries)


def dashboard_cards() -> list[DashboardCard]:
    return _sorted(DashboardCard)


def setup_steps() -> list[SetupStep]:
    return _sorted(SetupStep)


def category_advice(request, category) -> list[Advice]:
    if category is None:
        return []
    return [advice for entry in _sorted(CategoryAdvice) if (advice := entry.advise(request, category))]


def brand_suggestions(request, text: str) -> list[str]:
    return [name for entry in _sorted(BrandSuggestions) for name in entry.search(request, text)]


def unavailable_handlers() -> list[ProductUnavailable]:
    return _sorted(ProductUnavailable)


def announce_unavailable(product, *, takedown: str = TAKEDOWN_HIDE, sale=None, user=None) -> None:
    for entry in unavailable_handlers():
        entry.handler(product, takedown=takedown, sale=sale, user=user)


def channel_states(request, products, *, detail: bool = False) -> dict[Any, list[ChannelState]]:
    """Every registered channel's states of `products`: {product pk: [ChannelState...]}, channels in order."""
    products = list(products)
    merged: dict[Any, list[ChannelState]] = {product.pk: [] for product in products}
    if not products:
        return merged
    for entry in _sorted(ChannelStatus):
        for pk, states in entry.states(request, products, detail=detail).items():
            if pk in merged:
                merged[pk].extend(states)
    return merged


def render_sections(entries, request, product) -> list[dict]:
    """Template name and context of each section or panel, for {% include ... with %}."""
    return [{"name": e.name, "template": e.template, "context": e.context(request, product)} for e in entries]


def live_listings(products) -> dict[Any, list[str]]:
    """Every channel's live or publishing listings of `products`: {product pk: [where...]}, only
    the products that have some."""
    products = list(products)
    merged: dict[Any, list[str]] = {}
    if not products:
        return merged
    for entry in _sorted(LiveListings):
        for pk, places in entry.live(products).items():
            if places:
                merged.setdefault(pk, []).extend(places)
    return merged
