"""A job's progress in the seller's words, for the product page and the publish page."""

from django.utils.translation import gettext_lazy as _

from channels.models import JobState

from .. import config

S = JobState
STEPS = {
    "prerequisites": _("Checking your eBay policies and address"),
    "mapping": _("Preparing the listing"),
    "images": _("Uploading photos to eBay"),
    "item": _("Sending the item"),
    "offer": _("Sending the offer"),
    "publishing": _("Publishing"),
    "ending": _("Ending the listing"),
    "done": _("Done"),
}
# Poll quickly while the job moves by itself, slowly while it waits for the seller.
POLL_FAST, POLL_SLOW = "2s", "10s"


def job_progress(job) -> dict:
    waiting_for_seller = job.state in (S.NEEDS_ATTENTION, S.WAITING_RECONNECT)
    return {
        "job": job,
        "state_label": job.get_state_display(),
        "step_label": STEPS.get(job.step, ""),
        "message": job.message,
        "errors": job.errors,
        "finished": job.state in job.TERMINAL,
        "poll": POLL_SLOW if waiting_for_seller else POLL_FAST,
        "url": config.listing_url(job.account.marketplace_id, job.listing.listing_id)
        if job.state == S.COMPLETED and job.listing is not None and job.listing.is_live
        else "",
    }
