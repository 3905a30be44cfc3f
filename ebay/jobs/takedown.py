"""A product that is no longer for sale comes off eBay on every account where it is live.

Subscribed to catalog's ProductUnavailable: every listing of the product with an offer on eBay gets an
end job (withdraw; the offer stays for a relist), whatever the seller chose for Vinted (hide or
delete), except with "keep". The listing that itself sold is left alone (eBay ends it). Each step goes
to the product's delist log (catalog.delist): the end asked or refused, then the job's outcome.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from catalog import delist
from catalog.extensions import TAKEDOWN_KEEP

from .. import config
from .models import EbayListing
from .services import JobRefused, request_end

CHANNEL = "ebay"
DELIST_REASONS = ("sold_elsewhere", "unavailable")
Outcome = delist.Outcome
BY_HAND = gettext_noop(
    "End the listing by hand on eBay now (My eBay > Selling), then mark this task done: a second buyer "
    "could pay meanwhile."
)


def sold_here(listing: EbayListing, sale) -> bool:
    return (
        sale is not None
        and sale.channel == CHANNEL
        and sale.account_ref == str(listing.account.public_id)
        # eBay sales are `<legacyItemId>/<lineItemId>` (ebay.orders.listing_ref): one per order line.
        and sale.listing_ref.split("/")[0] in (listing.listing_id, listing.sku)
    )


def take_down(product, *, takedown: str, sale=None, user=None) -> list:
    """An end job per live listing; a refusal is kept on the listing, where the product page shows it."""
    if takedown == TAKEDOWN_KEEP:
        return []
    jobs = []
    for listing in EbayListing.objects.filter(product=product).select_related("account"):
        if sold_here(listing, sale):
            continue
        if listing.status not in (EbayListing.Status.PUBLISHED, EbayListing.Status.DRAFT):
            continue
        try:
            job = request_end(listing, reason="sold_elsewhere" if sale is not None else "unavailable", user=user)
        except JobRefused as refusal:
            EbayListing.objects.filter(pk=listing.pk).update(
                last_error=refusal.message[:500], updated_at=timezone.now()
            )
            _log(listing, Outcome.FAILED, refusal.message, sale=sale, todo=BY_HAND)
            continue
        if job is not None:
            _log(listing, Outcome.ASKED, gettext_noop("End asked on eBay."), sale=sale)
            jobs.append(job)
    return jobs


def _log(listing: EbayListing, outcome: str, message: str, *, sale=None, todo: str = "", todo_url: str = "") -> None:
    account = listing.account
    url = config.listing_url(account.marketplace_id, listing.listing_id) if listing.listing_id else ""
    delist.record_step(
        listing.product,
        channel=CHANNEL,
        outcome=outcome,
        account_ref=str(account.public_id),
        account_label=account.ledger_label,
        listing_ref=listing.listing_id or listing.sku,
        message=message,
        todo=todo,
        todo_url=todo_url or (url if todo else ""),
        sale=sale,
    )


def job_moved(job, before: str) -> None:
    """Every transition of an end job asked because the product stopped selling (runtime.move): its
    outcome in the delist log when it ends, or when it waits on something the seller must know."""
    if job.action != "end" or job.reason not in DELIST_REASONS or job.state == before or job.listing_id is None:
        return
    listing = EbayListing.objects.select_related("account", "product").get(pk=job.listing_id)
    step = _step_for(job)
    if step is None:
        return
    outcome, message, todo, todo_url = step
    last = listing.product.delist_steps.filter(
        channel=CHANNEL, account_ref=str(listing.account.public_id), listing_ref=listing.listing_id or listing.sku
    ).first()
    if last is not None and last.outcome == outcome and last.message == message:
        return
    _log(listing, outcome, message, todo=todo, todo_url=todo_url)


def _step_for(job):
    S = job.State
    if job.state == S.COMPLETED:
        return Outcome.ENDED, gettext_noop("Ended on eBay."), "", ""
    if job.state == S.FAILED:
        return Outcome.FAILED, job.message, BY_HAND, ""
    if job.state == S.CANCELLED:
        return Outcome.FAILED, gettext_noop("The end job was cancelled."), BY_HAND, ""
    if job.state == S.WAITING_RATE_LIMIT:
        return Outcome.WAITING, job.message, BY_HAND, ""
    if job.state == S.WAITING_RECONNECT:
        return Outcome.WAITING, job.message, gettext_noop("Reconnect the eBay account."), reverse("ebay:accounts")
    if job.state == S.NEEDS_ATTENTION:
        return Outcome.WAITING, job.message, BY_HAND, ""
    return None
