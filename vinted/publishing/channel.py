"""Vinted's answer to catalog's channel layer: where each product is on each Vinted account
(catalog.extensions.ChannelStatus), for the product page and the product list."""

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog import extensions
from catalog import selectors as catalog_selectors
from catalog.taxonomy.selectors import external_id

from .. import domains, pricing
from ..jobs.models import Job, Listing
from ..jobs.selectors import listing_url
from . import freshness
from .forms import usable_accounts

STATES = {
    Listing.Status.PUBLISHING: extensions.PENDING,
    Listing.Status.PUBLISHED: extensions.LISTED,
    Listing.Status.HIDDEN: extensions.PAUSED,
    Listing.Status.SOLD: extensions.SOLD,
    Listing.Status.ERROR: extensions.PROBLEM,
}


def _place(account) -> str:
    try:
        site = domains.site_for(account.domain).label
    except domains.DomainNotAllowed:
        site = account.domain
    return f"{account.login} · {site}" if account.login else site


def _label(listing: Listing | None) -> str:
    if listing is None or listing.status == Listing.Status.DELETED:
        return _("Not listed")
    if listing.status == Listing.Status.ERROR:
        return _("Failed") + (f": {listing.last_error}" if listing.last_error else "")
    return str(listing.get_status_display())


LIVE = (Listing.Status.PUBLISHED, Listing.Status.HIDDEN)
FIELDS = {
    "title": gettext_lazy("Title"),
    "description": gettext_lazy("Description"),
    "photos": gettext_lazy("Photos"),
    "category": gettext_lazy("Category"),
    "size": gettext_lazy("Size"),
    "condition": gettext_lazy("Condition"),
    "package_size": gettext_lazy("Package size"),
    "price": gettext_lazy("Price"),
}


def missing_fields(product, rule) -> tuple[str, ...]:
    """The product fields every Vinted listing needs that this product lacks, from
    catalog.selectors.channel_facts (no query). The product page's pre-flight (vinted.preflight) says
    more: a site's own rules for the category, lengths, the account."""
    missing = []
    if not (product.title or "").strip():
        missing.append("title")
    if not (product.description or "").strip():
        missing.append("description")
    if not product.photo_count:
        missing.append("photos")
    category = product.category
    if category is None or not category.is_leaf or external_id(category) is None:
        missing.append("category")
    elif product.category_has_sizes and external_id(product.size) is None:
        missing.append("size")
    if external_id(product.condition) is None:
        missing.append("condition")
    if external_id(product.package_size) is None:
        missing.append("package_size")
    if pricing.apply(rule, product.price) <= 0:
        missing.append("price")
    return tuple(str(FIELDS[name]) for name in missing)


def _list_flags(listing: Listing | None, state: str, facts, missing: tuple[str, ...]) -> tuple[bool, tuple]:
    stale = bool(
        listing is not None
        and listing.status in LIVE
        and listing.sent_at is not None
        and facts is not None
        and facts.updated_at > listing.sent_at
    )
    return stale, (missing if state in (extensions.NOT_LISTED, extensions.PROBLEM) else ())


def states(request, products, *, detail: bool = False) -> dict:
    from ..preflight import preflight

    accounts = list(usable_accounts())
    if not accounts:
        return {}
    listings = {
        (listing.product_id, listing.account_id): listing
        for listing in Listing.objects.filter(product__in=products, account__in=accounts).select_related("account")
    }
    facts = catalog_selectors.channel_facts(products)
    rule = pricing.rule_for_shop()
    answer = {}
    for product in products:
        rows = []
        fact = facts.get(product.pk)
        missing = missing_fields(fact, rule) if fact is not None else ()
        for account in accounts:
            listing = listings.get((product.pk, account.pk))
            state = STATES.get(listing.status, extensions.NOT_LISTED) if listing else extensions.NOT_LISTED
            stale, missing_here = _list_flags(listing, state, fact, missing)
            out_of_date, needs = (), ()
            if detail:
                out_of_date = tuple(freshness.differences(listing, product) or ())
                if state in (extensions.NOT_LISTED, extensions.PROBLEM):
                    needs = tuple(problem.message for problem in preflight(product, account))
            rows.append(
                extensions.ChannelState(
                    channel="Vinted",
                    place=_place(account),
                    state=state,
                    label=_label(listing),
                    url=listing_url(listing) if listing is not None and listing.item_id else "",
                    out_of_date=out_of_date,
                    needs=needs,
                    stale=stale,
                    missing=missing_here,
                )
            )
        answer[product.pk] = rows
    return answer


# Listings whose item exists on Vinted, or is being created there.
ON_VINTED = (Listing.Status.PUBLISHED, Listing.Status.PUBLISHING, Listing.Status.HIDDEN)


def _ambiguous(job: Job) -> bool:
    """A job whose last request may or may not have reached Vinted: until it is checked, the item
    may exist there whatever the listing row says."""
    return (
        job.state == Job.State.UNKNOWN
        or bool(job.remote.get("inflight"))
        or (job.state == Job.State.NEEDS_ATTENTION and job.error_code == "ambiguous")
    )


def live(products) -> dict:
    """Products whose item may still be on Vinted, each with what the seller does about it:

    - published, or being published (its item is being created): on sale, or about to be;
    - hidden: it still exists on Vinted and "Show again" puts it back, so forgetting the product
      would leave it there, unmanaged;
    - failed (error) with an item id: the failure says nothing of the item, which may still be on
      sale; a sync ("Sync now") finds out, and a listing gone from the wardrobe is no longer counted;
    - any job of the product still running or waiting (a publish, repost or "Show again" puts it on
      sale; a delete or hide has not taken it off yet), and above all one whose request's outcome is
      unknown (a lost answer, a dead worker): the item may exist without an id in Stoflow.
    Deleted and sold listings, and failed ones without an item id, are not on sale.
    """
    answer: dict = {}

    def add(product_id, place: str) -> None:
        if place not in answer.get(product_id, []):
            answer.setdefault(product_id, []).append(place)

    listings = Listing.objects.filter(product__in=products).filter(
        Q(status__in=ON_VINTED) | Q(status=Listing.Status.ERROR, item_id__isnull=False)
    )
    for listing in listings.select_related("account"):
        place = f"Vinted ({_place(listing.account)})"
        if listing.status == Listing.Status.HIDDEN:
            place = _(
                "%(place)s, hidden on Vinted but not deleted: restore the product and use “Delete from Vinted” "
                "on its page"
            ) % {"place": place}
        elif listing.status == Listing.Status.ERROR:
            place = _(
                "%(place)s, failed but the item may still be on Vinted: check it there, delete it on Vinted if "
                "it is, then use “Sync now” on the product's page"
            ) % {"place": place}
        add(listing.product_id, place)
    jobs = Job.objects.filter(product__in=products, state__in=Job.ACTIVE).select_related("account")
    for job in jobs:
        place = f"Vinted ({_place(job.account)})"
        if _ambiguous(job):
            place = _(
                "%(place)s, Vinted's answer to a request was lost, so the item may be there: check your Vinted "
                "wardrobe, then retry or cancel the job on the product's page"
            ) % {"place": place}
        elif any(place in known for known in answer.get(job.product_id, [])):
            continue  # the listing's own line already says it is there
        elif job.action not in (Job.Action.PUBLISH, Job.Action.REPOST, Job.Action.SHOW):
            place = _(
                "%(place)s, a job is still in progress: wait for it to finish, or cancel it on the product's page"
            ) % {"place": place}
        add(job.product_id, place)
    return answer


def register() -> None:
    extensions.register(extensions.ChannelStatus(name="vinted", states=states, order=10))
    extensions.register(extensions.LiveListings(name="vinted", live=live, order=10))
