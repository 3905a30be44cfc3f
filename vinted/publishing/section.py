"""The "Vinted" section of the product page: listings per account, job history, actions."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from catalog.services import is_available

from ..jobs import selectors as job_selectors
from ..jobs.models import Job, Listing
from . import forecast, freshness, preview, progress
from .forms import usable_accounts

HISTORY_SIZE = 10
LIVE = job_selectors.LIVE


def section_context(request, product) -> dict:
    can_write = request.tenant_access.can_write and product.deleted_at is None
    for_sale = is_available(product)
    rows = []
    for account in usable_accounts():
        listing = job_selectors.listing_for(product, account)
        live = listing is not None and listing.status in LIVE and listing.item_id is not None
        stale = freshness.differences(listing, product) if live else None
        row = {
            "account": account,
            "listing": listing,
            "live": live,
            "currency": preview.currency_of(account),
            "url": job_selectors.listing_url(listing),
            "can_publish": can_write
            and for_sale
            and (
                listing is None or listing.status in (Listing.Status.DELETED, Listing.Status.ERROR, Listing.Status.SOLD)
            ),
            "can_change": can_write and live,
            "out_of_date": stale or [],
            # No longer for sale but still on sale on Vinted: offer to take it down.
            "offer_takedown": can_write and live and not for_sale and listing.status == Listing.Status.PUBLISHED,
        }
        if can_write and (stale or row["offer_takedown"]):
            row["forecast"] = forecast.forecast(
                request, account, job_selectors.requests_needed(Job.Action.UPDATE, product)
            )
        hidden = listing is not None and listing.status == Listing.Status.HIDDEN
        row["actions"] = [
            {
                "name": action,
                "label": label,
                "question": question,
                "cost": _cost(request, account, product, action) if question and row["can_change"] else "",
            }
            for action, label, question in _actions()
            if (action != Job.Action.HIDE or not hidden)
            # A product no longer for sale is not put back in front of buyers.
            and (action not in (Job.Action.SHOW, Job.Action.REPOST, Job.Action.UPDATE) or for_sale)
            and (action != Job.Action.SHOW or hidden)
        ]
        rows.append(row)
    return {
        "product": product,
        "rows": rows,
        "can_write": can_write,
        "actions": _actions(),
        "jobs": [progress.describe(job) for job in job_selectors.jobs_for_product(product)[:HISTORY_SIZE]],
    }


def _actions():
    # An action with a question takes something away from the listing: it is confirmed with its cost.
    return [
        (Job.Action.UPDATE, _("Update on Vinted"), ""),
        (
            Job.Action.REPOST,
            _("Repost"),
            _(
                "Repost this listing? The listing on Vinted is deleted and "
                "created again: its views and favourites start from zero."
            ),
        ),
        (Job.Action.HIDE, _("Hide on Vinted"), ""),
        (Job.Action.SHOW, _("Show again on Vinted"), ""),
        (
            Job.Action.DELETE,
            _("Delete from Vinted"),
            _("Delete this listing from Vinted? Buyers can no longer see it; the product stays in Stoflow."),
        ),
    ]


def _cost(request, account, product, action) -> str:
    return cost_text(forecast.forecast(request, account, job_selectors.requests_needed(action, product)))


def cost_text(f: forecast.Forecast) -> str:
    """ "Uses 5 of your 23 remaining requests.", or why it would wait."""
    if f.unavailable:
        return ngettext(
            "Uses %(n)s request. The budget cannot be checked right now: nothing is sent until it can.",
            "Uses %(n)s requests. The budget cannot be checked right now: nothing is sent until it can.",
            f.needed,
        ) % {"n": f.needed}
    if f.exceeds:
        return ngettext(
            "Needs %(n)s request but only %(remaining)s are left: the rest waits for free slots.",
            "Needs %(n)s requests but only %(remaining)s are left: the rest waits for free slots.",
            f.needed,
        ) % {"n": f.needed, "remaining": f.remaining}
    return ngettext(
        "Uses %(n)s of your %(remaining)s remaining requests.",
        "Uses %(n)s of your %(remaining)s remaining requests.",
        f.needed,
    ) % {"n": f.needed, "remaining": f.remaining}
