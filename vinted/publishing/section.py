"""The "Vinted" section of the product page: listings per account, job history, actions."""
from django.utils.translation import gettext as _

from ..jobs import selectors as job_selectors
from ..jobs.models import Job, Listing
from . import preview, progress
from .forms import usable_accounts

HISTORY_SIZE = 10
LIVE = (Listing.Status.PUBLISHED, Listing.Status.HIDDEN)


def section_context(request, product) -> dict:
    can_write = request.tenant_access.can_write and product.deleted_at is None
    rows = []
    for account in usable_accounts():
        listing = job_selectors.listing_for(product, account)
        live = listing is not None and listing.status in LIVE and listing.item_id is not None
        rows.append({"account": account, "listing": listing, "live": live, "currency": preview.currency_of(account),
                     "url": job_selectors.listing_url(listing),
                     "can_publish": can_write and (listing is None or listing.status in (
                         Listing.Status.DELETED, Listing.Status.ERROR)),
                     "can_change": can_write and live})
    actions = [(Job.Action.UPDATE, _("Update on Vinted")), (Job.Action.REPOST, _("Repost")),
               (Job.Action.DELETE, _("Delete from Vinted"))]
    return {"product": product, "rows": rows, "can_write": can_write, "actions": actions,
            "jobs": [progress.describe(job) for job in job_selectors.jobs_for_product(product)[:HISTORY_SIZE]]}
