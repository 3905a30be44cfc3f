"""The "Vinted" section of the product page: listings per account, job history, actions."""
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..jobs import selectors as job_selectors
from ..jobs.models import Job, Listing
from . import forecast, preview, progress
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
                     "can_publish": can_write and (listing is None or listing.status in (
                         Listing.Status.DELETED, Listing.Status.ERROR)),
                     "can_change": can_write and live})
    actions = [(Job.Action.UPDATE, _("Update on Vinted"), ""),
               (Job.Action.REPOST, _("Repost"), _("Repost this listing? The listing on Vinted is deleted and "
                                                  "created again: its views and favourites start from zero.")),
               (Job.Action.DELETE, _("Delete from Vinted"), _("Delete this listing from Vinted? Buyers can no "
                                                              "longer see it; the product stays in Stoflow."))]
    for row in rows:
        row["actions"] = [{"name": name, "label": label, "question": question,
                           "cost": _cost(request, row["account"], product, name) if question else ""}
                          for name, label, question in actions] if row["can_change"] else []
    return {"product": product, "rows": rows, "can_write": can_write, "actions": actions,
            "jobs": [progress.describe(job) for job in job_selectors.jobs_for_product(product)[:HISTORY_SIZE]]}


# Actions with a question take something away from the listing: they are confirmed with their cost.


def _cost(request, account, product, action) -> str:
    return cost_text(forecast.forecast(request, account, job_selectors.requests_needed(action, product)))


def cost_text(f: forecast.Forecast) -> str:
    """ "Uses 5 of your 23 remaining requests.", or why it would wait."""
    if f.unavailable:
        return ngettext("Uses %(n)s request. The budget cannot be checked right now: nothing is sent until it can.",
                        "Uses %(n)s requests. The budget cannot be checked right now: nothing is sent until it can.",
                        f.needed) % {"n": f.needed}
    if f.exceeds:
        return ngettext("Needs %(n)s request but only %(remaining)s are left: the rest waits for free slots.",
                        "Needs %(n)s requests but only %(remaining)s are left: the rest waits for free slots.",
                        f.needed) % {"n": f.needed, "remaining": f.remaining}
    return ngettext("Uses %(n)s of your %(remaining)s remaining requests.",
                    "Uses %(n)s of your %(remaining)s remaining requests.", f.needed) % {
        "n": f.needed, "remaining": f.remaining}
