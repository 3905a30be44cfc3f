"""A product that is no longer for sale comes off Vinted on every account where it is live.

Subscribed to catalog's "product became unavailable" (catalog.extensions.ProductUnavailable):
each live listing gets a hide or delete job (the seller's choice, hide by default), through the
same engine and request budget as any other change. The listing that itself sold is left alone.
Each step goes to the product's delist log (catalog.delist): the job asked or refused, then the
job's outcome when it finishes or stops for something only the seller can fix.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from catalog import delist
from catalog.extensions import TAKEDOWN_DELETE, TAKEDOWN_HIDE

from .models import Job, Listing
from .services import JobRefused, request_delete, request_hide

CHANNEL = "vinted"
MARK = "delist"  # in Job.remote: this hide/delete job takes a sold product down
Outcome = delist.Outcome
S = Job.State

BY_HAND = gettext_noop(
    "End the listing by hand on Vinted now, then mark this task done: a second buyer could pay meanwhile."
)


def _sold_here(listing: Listing, sale) -> bool:
    return (
        sale is not None
        and sale.channel == CHANNEL
        and sale.account_ref == str(listing.account.public_id)
        and sale.listing_ref == str(listing.item_id)
    )


def _log(listing: Listing, outcome: str, message: str, *, sale=None, todo: str = "", todo_url: str = "") -> None:
    account = listing.account
    delist.record_step(
        listing.product,
        channel=CHANNEL,
        outcome=outcome,
        account_ref=str(account.public_id),
        account_label=f"{account.login or account.vinted_user_id} · Vinted",
        listing_ref=str(listing.item_id or ""),
        message=message,
        todo=todo,
        todo_url=todo_url or (listing.url if todo else ""),
        sale=sale,
    )


def take_down(product, *, takedown: str, sale=None, user=None) -> list:
    """Ask for a hide (or delete) job per live listing; a refusal is kept on the listing, where the
    product page shows it, and is an urgent task. Returns the jobs created."""
    if takedown not in (TAKEDOWN_HIDE, TAKEDOWN_DELETE):
        return []
    live = Listing.objects.filter(
        product=product, item_id__isnull=False, status__in=[Listing.Status.PUBLISHED, Listing.Status.HIDDEN]
    ).select_related("account", "product")
    jobs = []
    for listing in live:
        if _sold_here(listing, sale):
            continue
        if takedown == TAKEDOWN_HIDE and listing.status == Listing.Status.HIDDEN:
            _log(listing, Outcome.SKIPPED, gettext_noop("Already hidden on Vinted."), sale=sale)
            continue
        request = request_delete if takedown == TAKEDOWN_DELETE else request_hide
        try:
            job = request(listing.account, product, user=user)
        except JobRefused as refusal:
            Listing.objects.filter(pk=listing.pk).update(last_error=refusal.message[:500], updated_at=timezone.now())
            _log(listing, Outcome.FAILED, refusal.message, sale=sale, todo=BY_HAND)
            continue
        job.remote = {**job.remote, MARK: True}
        Job.objects.filter(pk=job.pk).update(remote=job.remote)
        asked = (
            gettext_noop("Delete asked on Vinted.")
            if takedown == TAKEDOWN_DELETE
            else gettext_noop("Hide asked on Vinted.")
        )
        _log(listing, Outcome.ASKED, asked, sale=sale)
        jobs.append(job)
    return jobs


def job_moved(job: Job, before: str) -> None:
    """Called by every transition of a take-down job (jobs.state.move): its outcome in the log when it
    ends, or when it waits on something the seller must know about. Repeats of the same wait are
    not logged twice."""
    if job.product_id is None or job.state == before:
        return
    listing = (
        Listing.objects.filter(product_id=job.product_id, account_id=job.account_id)
        .select_related("account", "product")
        .first()
    )
    if listing is None:
        return
    step = _step_for(job, listing)
    if step is None:
        return
    outcome, message, todo, todo_url = step
    last = listing.product.delist_steps.filter(
        channel=CHANNEL, account_ref=str(listing.account.public_id), listing_ref=str(listing.item_id or "")
    ).first()
    if last is not None and last.outcome == outcome and last.message == message:
        return
    _log(listing, outcome, message, todo=todo, todo_url=todo_url)


def _step_for(job: Job, listing: Listing):
    if job.state == S.COMPLETED:
        done = (
            gettext_noop("Deleted from Vinted.")
            if job.action == Job.Action.DELETE
            else gettext_noop("Hidden on Vinted.")
        )
        return Outcome.ENDED, done, "", ""
    if job.state == S.FAILED and job.error_code == "not_found":
        return Outcome.ENDED, gettext_noop("The listing no longer exists on Vinted."), "", ""
    if job.state == S.FAILED:
        return Outcome.FAILED, job.message, BY_HAND, ""
    if job.state == S.CANCELLED:
        return Outcome.FAILED, gettext_noop("The take-down job was cancelled."), BY_HAND, ""
    if job.state == S.WAITING_RATE_LIMIT:
        return Outcome.WAITING, job.message, BY_HAND, ""
    if job.state == S.WAITING_RECONNECT:
        return (
            Outcome.WAITING,
            job.message,
            gettext_noop("Open Vinted in your browser with the extension on: the take-down resumes by itself."),
            reverse("vinted:accounts"),
        )
    if job.state == S.NEEDS_ATTENTION:
        return (
            Outcome.WAITING,
            job.message,
            gettext_noop("Open the job and retry it, or end the listing by hand on Vinted."),
            reverse("vinted:job", kwargs={"public_id": job.public_id}),
        )
    return None
