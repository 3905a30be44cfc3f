"""eBay's answer to catalog's channel layer (catalog.extensions.ChannelStatus): each product on each
connected eBay account, with what the account still needs before anything can be listed there.

Listings are the publishing side's (ebay/publishing/): it registers one function with
`register_listing_states` and this module asks it for the listings of the products shown.
Without one, every product is "Not listed" on every account.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog import extensions
from catalog import selectors as catalog_selectors
from channels import pricing

from . import config, mapping, selectors
from .jobs.models import EbayJob, EbayListing
from .models import CategoryChoice, EbayAccount


@dataclass(frozen=True)
class ListingView:
    """A product's listing on one eBay account, as the publishing side knows it."""

    state: str  # catalog.extensions: LISTED, PAUSED, PENDING, SOLD, NOT_LISTED or PROBLEM
    label: str  # translated, e.g. "Listed", "Publishing", "Failed: …"
    url: str = ""  # the listing on the account's eBay site
    out_of_date: tuple[str, ...] = ()  # fields changed in Stoflow since the offer was last sent
    needs: tuple[str, ...] = ()  # pre-flight problems of the product on this account
    stale: bool = False  # live, and the product was edited after the offer was last sent


# listing_states(products, accounts, *, detail) -> {(product.pk, account.pk): ListingView}
ListingStates = Callable[..., dict]
_listing_states: ListingStates | None = None


def register_listing_states(function: ListingStates) -> None:
    """Called once by the publishing side from EbayConfig.ready(); the last registration wins."""
    global _listing_states
    _listing_states = function


def account_needs(account: EbayAccount) -> tuple[str, ...]:
    if account.status != EbayAccount.Status.CONNECTED:
        return (_("Reconnect this eBay account."),)
    if not account.setup_done:
        return (_("Finish the account's set-up: shipping, payment and return policies, and where you ship from."),)
    return ()


FIELDS = {
    "title": gettext_lazy("Title"),
    "description": gettext_lazy("Description"),
    "photos": gettext_lazy("Photos"),
    "category": gettext_lazy("Category"),
    "condition": gettext_lazy("Condition"),
    "price": gettext_lazy("Price"),
    "brand": gettext_lazy("Brand"),
    "size": gettext_lazy("Size"),
    "colour": gettext_lazy("Colours"),
}
# Required aspects the product can fill, by ebay.mapping.ASPECT_KINDS kind, and the field that fills them.
ASPECT_FIELDS = {"brand": "brand", "size": "size", "shoe_size": "size", "colour": "colour"}


def missing_fields(product, rule, choice: CategoryChoice | None) -> tuple[str, ...]:
    """The product fields eBay needs that this product lacks, from catalog.selectors.channel_facts and
    the category's stored eBay choice (no query, no eBay request: a category never checked yet is
    judged on the fields alone). The product page's pre-flight says more (ebay.mapping.map_product)."""
    missing = []
    title = (product.title or "").strip()
    if not title or len(title) > mapping.TITLE_MAX:
        missing.append("title")
    if not (product.description or "").strip():
        missing.append("description")
    if not product.photo_count:
        missing.append("photos")
    if product.category_id is None:
        missing.append("category")
    if not mapping.condition_of(product):
        missing.append("condition")
    price = pricing.apply(
        product.price, markup_percent=rule.markup_percent, rounding=rule.rounding, floor_price=rule.floor_price
    )
    if price <= 0:
        missing.append("price")
    filled = {"brand": bool((product.brand_name or "").strip()), "size": product.size_id is not None}
    filled["colour"] = product.colour_count > 0
    for aspect in choice.aspects if choice is not None else ():
        name = ASPECT_FIELDS.get(mapping._kind(aspect["name"]))
        if aspect.get("required") and name and not filled[name] and name not in missing:
            missing.append(name)
    return tuple(str(FIELDS[name]) for name in missing)


def _missing_by_account(products, accounts) -> dict:
    """{(product pk, account pk): missing field labels} for the list, in three queries for the page."""
    facts = catalog_selectors.channel_facts(products)
    rule = mapping.pricing_rule()
    choices = {
        (choice.category_id, choice.gender, choice.marketplace_id): choice
        for choice in CategoryChoice.objects.filter(
            category_id__in={fact.category_id for fact in facts.values() if fact.category_id},
            marketplace_id__in={account.marketplace_id for account in accounts},
        ).only("category_id", "gender", "marketplace_id", "aspects")
    }
    answer = {}
    for pk, fact in facts.items():
        for account in accounts:
            choice = choices.get((fact.category_id, mapping.gender_of(fact), account.marketplace_id))
            answer[pk, account.pk] = missing_fields(fact, rule, choice)
    return answer


def states(request, products, *, detail: bool = False) -> dict:
    if not config.enabled():
        return {}
    accounts = selectors.accounts()
    if not accounts:
        return {}
    listings = _listing_states(products, accounts, detail=detail) if _listing_states else {}
    missing = _missing_by_account(products, accounts)
    answer = {}
    for product in products:
        rows = []
        for account in accounts:
            view = listings.get((product.pk, account.pk)) or ListingView(extensions.NOT_LISTED, _("Not listed"))
            needs = account_needs(account) + tuple(need for need in view.needs if need)
            not_live = view.state in (extensions.NOT_LISTED, extensions.PROBLEM)
            rows.append(
                extensions.ChannelState(
                    channel="eBay",
                    place=f"{account.username} · {account.marketplace.site}",
                    state=view.state,
                    label=view.label,
                    url=view.url,
                    out_of_date=view.out_of_date,
                    needs=needs,
                    stale=view.stale,
                    missing=missing.get((product.pk, account.pk), ()) if not_live else (),
                )
            )
        answer[product.pk] = rows
    return answer


def _place(account: EbayAccount) -> str:
    return f"eBay ({account.username} · {account.marketplace.site})"


def live(products) -> dict:
    """Products whose listing may be live on eBay, each with what the seller does about it:

    - published: on sale;
    - any job of the product still running or waiting: a publish or relist puts it on sale, an
      update or end has not taken it off yet; and one whose request's outcome is unknown (a lost
      answer, a dead worker) may have published it whatever the listing row says, until the job
      reads eBay back.
    Drafts (an offer eBay holds unpublished), ended and sold listings are not on sale.
    """
    answer: dict = {}
    for listing in EbayListing.objects.filter(product__in=products, status=EbayListing.Status.PUBLISHED).select_related(
        "account"
    ):
        answer.setdefault(listing.product_id, []).append(_place(listing.account))
    running = EbayJob.objects.filter(product__in=products, state__in=EbayJob.ACTIVE).select_related("account")
    for job in running:
        place = _place(job.account)
        known = answer.setdefault(job.product_id, [])
        if job.state == EbayJob.State.UNKNOWN or job.remote.get("inflight"):
            place = _(
                "%(place)s, eBay's answer to a request was lost, so the listing may be live: let the job check "
                "eBay (or check your eBay listings), then retry or cancel the job on the product's page"
            ) % {"place": place}
        elif place in known:
            continue  # the listing's own line already says it is there
        elif job.action in (EbayJob.Action.UPDATE, EbayJob.Action.END):
            place = _(
                "%(place)s, a job is still in progress: wait for it to finish, or cancel it on the product's page"
            ) % {"place": place}
        if place not in known:
            known.append(place)
    return answer


def register() -> None:
    extensions.register(extensions.ChannelStatus(name="ebay", states=states, order=20))
    extensions.register(extensions.LiveListings(name="ebay", live=live, order=20))
