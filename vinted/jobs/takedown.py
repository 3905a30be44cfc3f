"""A product that is no longer for sale comes off Vinted on every account where it is live.

Subscribed to catalog's "product became unavailable" (catalog.extensions.ProductUnavailable):
each live listing gets a hide or delete job (the seller's choice, hide by default), through the
same engine and request budget as any other change. The listing that itself sold is left alone.
"""

from django.utils import timezone

from catalog.extensions import TAKEDOWN_DELETE, TAKEDOWN_HIDE

from .models import Listing
from .services import JobRefused, request_delete, request_hide

CHANNEL = "vinted"


def _sold_here(listing: Listing, sale) -> bool:
    return (
        sale is not None
        and sale.channel == CHANNEL
        and sale.account_ref == str(listing.account.public_id)
        and sale.listing_ref == str(listing.item_id)
    )


def take_down(product, *, takedown: str, sale=None, user=None) -> list:
    """Ask for a hide (or delete) job per live listing; a refusal is kept on the listing, where the
    product page shows it. Returns the jobs created."""
    if takedown not in (TAKEDOWN_HIDE, TAKEDOWN_DELETE):
        return []
    live = Listing.objects.filter(
        product=product, item_id__isnull=False, status__in=[Listing.Status.PUBLISHED, Listing.Status.HIDDEN]
    ).select_related("account")
    jobs = []
    for listing in live:
        if _sold_here(listing, sale) or (takedown == TAKEDOWN_HIDE and listing.status == Listing.Status.HIDDEN):
            continue
        request = request_delete if takedown == TAKEDOWN_DELETE else request_hide
        try:
            jobs.append(request(listing.account, product, user=user))
        except JobRefused as refusal:
            Listing.objects.filter(pk=listing.pk).update(last_error=refusal.message[:500], updated_at=timezone.now())
    return jobs
