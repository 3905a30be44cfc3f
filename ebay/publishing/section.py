"""The product page's eBay section: per connected account, the listing, what is out of date, the last
jobs and the actions that apply (no request to eBay: pre-flight runs on the publish page)."""

from django.utils.translation import gettext_lazy as _

from .. import config, mapping
from ..jobs.models import EbayJob, EbayListing
from ..models import EbayAccount

ACTIONS = {
    "update": _("Update on eBay"),
    "end": _("End on eBay"),
    "relist": _("Relist on eBay"),
}


def actions_for(listing: EbayListing | None, product, busy: bool) -> list[dict]:
    if listing is None or busy:
        return []
    if listing.status == EbayListing.Status.PUBLISHED:
        names = ["update", "end"]
    elif listing.offer_id and product.stock > 0 and product.status not in ("sold", "archived"):
        names = ["relist"]
    else:
        names = []
    return [{"name": n, "label": ACTIONS[n]} for n in names]


def section_context(request, product) -> dict:
    rows = []
    listings = {li.account_id: li for li in EbayListing.objects.filter(product=product)}
    for account in EbayAccount.objects.all():
        listing = listings.get(account.pk)
        jobs = list(EbayJob.objects.filter(product=product, account=account).order_by("-created_at", "-id")[:5])
        active = next((j for j in jobs if j.is_active), None)
        rows.append(
            {
                "account": account,
                "listing": listing,
                "url": config.listing_url(account.marketplace_id, listing.listing_id)
                if listing and listing.is_live
                else "",
                "out_of_date": mapping.out_of_date(listing, product, account) if listing else [],
                "active_job": active,
                "jobs": jobs,
                "can_publish": account.status == EbayAccount.Status.CONNECTED
                and active is None
                and (listing is None or listing.status == EbayListing.Status.DRAFT),
                "actions": actions_for(listing, product, active is not None),
            }
        )
    return {"product": product, "rows": rows, "can_write": request.tenant_access.can_write}
