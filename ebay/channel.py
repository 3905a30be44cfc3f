"""eBay's answer to catalog's channel layer (catalog.extensions.ChannelStatus): each product on each
connected eBay account, with what the account still needs before anything can be listed there.

Listings are the publishing side's (ebay/publishing/): it registers one function with
`register_listing_states` and this module asks it for the listings of the products shown.
Without one, every product is "Not listed" on every account.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from catalog import extensions

from . import config, selectors
from .models import EbayAccount


@dataclass(frozen=True)
class ListingView:
    """A product's listing on one eBay account, as the publishing side knows it."""

    state: str  # catalog.extensions: LISTED, PAUSED, PENDING, SOLD, NOT_LISTED or PROBLEM
    label: str  # translated, e.g. "Listed", "Publishing", "Failed: …"
    url: str = ""  # the listing on the account's eBay site
    out_of_date: tuple[str, ...] = ()  # fields changed in Stoflow since the offer was last sent
    needs: tuple[str, ...] = ()  # pre-flight problems of the product on this account


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


def states(request, products, *, detail: bool = False) -> dict:
    if not config.enabled():
        return {}
    accounts = selectors.accounts()
    if not accounts:
        return {}
    listings = _listing_states(products, accounts, detail=detail) if _listing_states else {}
    answer = {}
    for product in products:
        rows = []
        for account in accounts:
            view = listings.get((product.pk, account.pk)) or ListingView(extensions.NOT_LISTED, _("Not listed"))
            needs = account_needs(account) + tuple(need for need in view.needs if need)
            rows.append(
                extensions.ChannelState(
                    channel="eBay",
                    place=f"{account.username} · {account.marketplace.site}",
                    state=view.state,
                    label=view.label,
                    url=view.url,
                    out_of_date=view.out_of_date,
                    needs=needs,
                )
            )
        answer[product.pk] = rows
    return answer


def register() -> None:
    extensions.register(extensions.ChannelStatus(name="ebay", states=states, order=20))
