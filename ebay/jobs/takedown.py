"""A product that is no longer for sale comes off eBay on every account where it is live.

Subscribed to catalog's ProductUnavailable: every listing of the product with an offer on eBay gets an
end job (withdraw; the offer stays for a relist), whatever the seller chose for Vinted (hide or
delete), except with "keep". The listing that itself sold is left alone (eBay ends it).
"""

from django.utils import timezone

from catalog.extensions import TAKEDOWN_KEEP

from .models import EbayListing
from .services import JobRefused, request_end

CHANNEL = "ebay"


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
            continue
        if job is not None:
            jobs.append(job)
    return jobs
