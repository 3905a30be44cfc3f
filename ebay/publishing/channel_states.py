"""The eBay listings behind catalog's channel layer (ebay.channel): each product's listing on each
connected account, as the product page's Channels card and the product list show it."""

from django.utils.translation import gettext as _

from catalog import extensions

from .. import config, mapping
from ..channel import ListingView
from ..jobs.models import EbayJob, EbayListing

PROBLEM_STATES = (EbayJob.State.NEEDS_ATTENTION, EbayJob.State.WAITING_RECONNECT)


def listing_states(products, accounts, *, detail: bool = False) -> dict:
    listings = EbayListing.objects.filter(product__in=products, account__in=accounts).select_related(
        "account", "product"
    )
    active = {
        job.listing_id: job
        for job in EbayJob.objects.filter(listing__in=listings, state__in=EbayJob.ACTIVE).order_by("created_at")
    }
    return {
        (listing.product_id, listing.account_id): _view(listing, active.get(listing.pk), detail) for listing in listings
    }


def _view(listing: EbayListing, job: EbayJob | None, detail: bool) -> ListingView:
    url = config.listing_url(listing.account.marketplace_id, listing.listing_id) if listing.listing_id else ""
    if job is not None and job.state in PROBLEM_STATES:
        return ListingView(extensions.PROBLEM, job.get_state_display(), url=url)
    if job is not None:
        return ListingView(extensions.PENDING, job.get_action_display(), url=url)
    if listing.status == EbayListing.Status.PUBLISHED:
        fields = mapping.out_of_date(listing, listing.product, listing.account) if detail else []
        edited = listing.sent_at is not None and listing.product.updated_at > listing.sent_at
        return ListingView(extensions.LISTED, _("Listed"), url=url, out_of_date=tuple(fields), stale=edited)
    if listing.status == EbayListing.Status.SOLD:
        return ListingView(extensions.SOLD, _("Sold"), url=url)
    if listing.status == EbayListing.Status.ENDED:
        return ListingView(extensions.NOT_LISTED, _("Ended"))
    return ListingView(extensions.NOT_LISTED, _("Not listed"))
