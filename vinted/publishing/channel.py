"""Vinted's answer to catalog's channel layer: where each product is on each Vinted account
(catalog.extensions.ChannelStatus), for the product page and the product list."""

from django.utils.translation import gettext as _

from catalog import extensions

from .. import domains
from ..jobs.models import Listing
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


def states(request, products, *, detail: bool = False) -> dict:
    from ..preflight import preflight

    accounts = list(usable_accounts())
    if not accounts:
        return {}
    listings = {
        (listing.product_id, listing.account_id): listing
        for listing in Listing.objects.filter(product__in=products, account__in=accounts).select_related("account")
    }
    answer = {}
    for product in products:
        rows = []
        for account in accounts:
            listing = listings.get((product.pk, account.pk))
            state = STATES.get(listing.status, extensions.NOT_LISTED) if listing else extensions.NOT_LISTED
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
                )
            )
        answer[product.pk] = rows
    return answer


def register() -> None:
    extensions.register(extensions.ChannelStatus(name="vinted", states=states, order=10))
