"""A job in plain words for the progress fragment, the queue and the product page."""

import math
import uuid
from urllib.parse import urlsplit

from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ..jobs import selectors as job_selectors
from ..jobs.models import Job

FINAL = {Job.State.COMPLETED, Job.State.FAILED, Job.State.CANCELLED}
# needs_attention waits for the seller; poll it slowly, the rest every POLL_SECONDS.
POLL_SECONDS, SLOW_POLL_SECONDS = 2, 10
# The engine accepts a retry of any unfinished job that is not running; offer it where it helps.
RETRYABLE = {Job.State.FAILED, Job.State.NEEDS_ATTENTION, Job.State.WAITING_RECONNECT}
CANCELLABLE = set(Job.ACTIVE)


def parse_uuid(value):
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def current_path(request) -> str:
    """The page the seller is on, also from inside an HTMX fragment (where to come back after a POST)."""
    if request.htmx and request.htmx.current_url:
        parts = urlsplit(request.htmx.current_url)
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return request.get_full_path()


def job_or_404(public_id) -> Job:
    # Looked up in the current shop's schema: another shop's id is not found.
    job = Job.objects.select_related("account", "product").filter(public_id=public_id).first()
    if job is None:
        raise Http404("No such job")
    return job


def jobs_by_public_ids(values) -> list[Job]:
    ids = [u for u in (parse_uuid(v) for v in values[:100]) if u is not None]
    order = {u: i for i, u in enumerate(ids)}
    jobs = Job.objects.select_related("account", "product").filter(public_id__in=ids)
    return sorted(jobs, key=lambda job: order[job.public_id])


HEADLINES = {
    Job.State.COMPLETED: gettext_lazy("Done"),
    Job.State.FAILED: gettext_lazy("Failed"),
    Job.State.CANCELLED: gettext_lazy("Cancelled"),
    Job.State.WAITING_RATE_LIMIT: gettext_lazy("Waiting for a free request slot"),
    Job.State.WAITING_RECONNECT: gettext_lazy("Waiting for a fresh Vinted session"),
    Job.State.NEEDS_ATTENTION: gettext_lazy("Needs your attention"),
    Job.State.UNKNOWN: gettext_lazy("Checking on Vinted"),
}


def _headline(job: Job, p: dict) -> str:
    if p["state"] == Job.State.RUNNING:
        return _running(job, p)
    if p["state"] == Job.State.PENDING and p.get("step"):
        # Started, and between two requests (a pause, a retry): where it is and when it goes on.
        return f"{_running(job, p)} · {_next_in(job.next_attempt_at)}"
    return str(HEADLINES.get(p["state"], _("Queued")))


def _next_in(at) -> str:
    seconds = math.ceil((at - timezone.now()).total_seconds()) if at else 0
    if seconds <= 0:
        return _("next request in a moment")
    return ngettext("next request in %(seconds)s s", "next request in %(seconds)s s", seconds) % {"seconds": seconds}


def _running(job: Job, p: dict) -> str:
    step, done, total = p.get("step") or "", p.get("photos_done") or 0, p.get("photos_total") or 0
    if job.action in (Job.Action.PUBLISH, Job.Action.REPOST):
        if "delete" in step:
            return _("Deleting the old listing")
        if total and done < total:
            return _("Uploading photos: %(done)s/%(total)s") % {"done": done, "total": total}
        return _("Creating the listing")
    if job.action == Job.Action.UPDATE:
        return _("Updating the listing")
    if job.action == Job.Action.DELETE:
        return _("Deleting the listing")
    if job.action == Job.Action.HIDE:
        return _("Hiding the listing")
    if job.action == Job.Action.SHOW:
        return _("Showing the listing again")
    return _("Reading your Vinted wardrobe")


def _what_next(job: Job, p: dict) -> str:
    state = p["state"]
    if state == Job.State.WAITING_RATE_LIMIT:
        return _("Vinted allows a limited number of changes per account: this goes by itself when the slot frees.")
    if state == Job.State.WAITING_RECONNECT:
        return _("Open Vinted in the browser where the Stoflow extension is installed: the job resumes by itself.")
    if state == Job.State.UNKNOWN:
        return _("Vinted did not answer clearly. Stoflow checks your wardrobe before sending anything again.")
    if state == Job.State.NEEDS_ATTENTION:
        if job.error_code == "bot_challenge":
            return _("Open Vinted in your browser and complete its check, then press Retry.")
        return _("Fix what is described, then press Retry.")
    if state == Job.State.FAILED:
        if job.errors or job.error_code == "validation_error":
            return _("Edit the product to fix it, then press Retry.")
        return _("Press Retry to try again, or cancel it.")
    return ""


def describe(job: Job) -> dict:
    p = job_selectors.job_progress(job)
    state = p["state"]
    message = p.get("message") or ""
    if state == Job.State.COMPLETED and message == "Done.":
        message = ""  # the headline says it already
    what_next = _what_next(job, p)
    if message and state in (Job.State.NEEDS_ATTENTION, Job.State.FAILED):
        what_next = ""  # the engine's message already says what to do
    fixable = (
        job.product is not None
        and job.product.deleted_at is None
        and (job.errors or job.error_code.startswith("validation"))
    )
    return {
        "job": job,
        "state": state,
        "headline": _headline(job, p),
        "message": _(message) if message else "",
        "what_next": what_next,
        "fix_url": reverse("catalog:edit", args=[job.product.public_id]) if fixable else "",
        "url": p.get("url") or "",
        "eta": p.get("eta"),
        "starts_by": p.get("starts_by"),
        "photos_done": p.get("photos_done") or 0,
        "photos_total": p.get("photos_total") or 0,
        "errors": job.errors or [],
        "final": state in FINAL,
        "can_retry": state in RETRYABLE,
        "can_cancel": state in CANCELLABLE,
        "poll_seconds": SLOW_POLL_SECONDS if state == Job.State.NEEDS_ATTENTION else POLL_SECONDS,
    }
