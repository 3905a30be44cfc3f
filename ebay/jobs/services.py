"""Asking for eBay jobs: publish, update, end, relist. Each creates the job and its public index row in one
transaction and sends it to the worker on commit (docs/ebay.md, "Publishing")."""

import datetime
import functools

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from channels.models import JobState

from .. import mapping
from ..models import EbayAccount
from .models import EbayJob, EbayListing
from .runtime import move

S = JobState


class JobRefused(Exception):
    def __init__(self, message: str, problems=None, field: str = ""):
        super().__init__(message)
        self.message, self.problems, self.field = message, problems or [], field


def _send(job: EbayJob) -> None:
    from .tasks import run_job

    transaction.on_commit(functools.partial(run_job.delay, connection.schema_name, job.pk))


def _check_account(account: EbayAccount) -> None:
    if account.status != EbayAccount.Status.CONNECTED:
        raise JobRefused(_("Reconnect this eBay account first."), field="account")


def _create(listing: EbayListing, action: str, *, user=None, reason: str = "") -> EbayJob:
    try:
        with transaction.atomic():
            job = EbayJob.objects.create(
                action=action,
                product=listing.product,
                account=listing.account,
                listing=listing,
                reason=reason,
                created_by=getattr(user, "pk", None),
            )
            move(job, S.PENDING, just_enqueued=True)
    except IntegrityError:
        raise JobRefused(_("This listing already has a job in progress."), field="account") from None
    _send(job)
    return job


def listing_for(product, account: EbayAccount) -> EbayListing | None:
    return EbayListing.objects.filter(product=product, account=account).first()


def request_publish(account: EbayAccount, product, *, user=None) -> EbayJob:
    """Pre-flight (the Taxonomy API may be asked the first time a category is seen), then the job."""
    _check_account(account)
    listing = listing_for(product, account)
    if listing is not None and listing.status == EbayListing.Status.PUBLISHED:
        raise JobRefused(_("This product is already live on this eBay account."), field="account")
    try:
        mapped = mapping.map_product(product, account)
    except mapping.TaxonomyUnavailable:
        raise JobRefused(_("eBay's category service did not answer. Try again in a moment."), field="account") from None
    if mapped.problems:
        raise JobRefused(_("The product is not ready for eBay."), problems=mapped.problems)
    with transaction.atomic():
        listing, _created = EbayListing.objects.get_or_create(product=product, account=account)
        action = EbayJob.Action.RELIST if listing.offer_id else EbayJob.Action.PUBLISH
        return _create(listing, action, user=user)


def request_update(listing: EbayListing, *, user=None) -> EbayJob:
    _check_account(listing.account)
    if listing.status != EbayListing.Status.PUBLISHED:
        raise JobRefused(_("Only a listing live on eBay can be updated."), field="account")
    return _create(listing, EbayJob.Action.UPDATE, user=user)


def request_relist(listing: EbayListing, *, user=None) -> EbayJob:
    _check_account(listing.account)
    if listing.status == EbayListing.Status.PUBLISHED:
        raise JobRefused(_("This listing is already live on eBay."), field="account")
    return _create(listing, EbayJob.Action.RELIST, user=user)


def request_end(listing: EbayListing, *, reason: str = "seller", user=None) -> EbayJob | None:
    """End the listing on eBay (withdraw its offer). `reason`: "seller", "sold" (sold here), or why the
    product is no longer for sale elsewhere ("sold_elsewhere", "unavailable"). A job of the listing that
    has not started sending yet (waiting, pending) is cancelled for it; one that is sending right now
    refuses (try again shortly). Returns the end job (the existing one when an end is already asked), or
    None when nothing of it is on eBay. An account waiting for reconnection still gets the job: it runs
    once the seller reconnects."""
    if not listing.offer_id and listing.status != EbayListing.Status.PUBLISHED:
        with transaction.atomic():
            _cancel_waiting(listing)
        return None
    with transaction.atomic():
        active = EbayJob.objects.select_for_update().filter(listing=listing, state__in=EbayJob.ACTIVE).first()
        if active is not None:
            if active.action == EbayJob.Action.END:
                return active
            if active.state == S.RUNNING:
                raise JobRefused(_("Another eBay job of this listing is running; try again in a moment."))
            move(active, S.CANCELLED, _("Replaced by ending the listing."))
        return _create(listing, EbayJob.Action.END, user=user, reason=reason)


def _cancel_waiting(listing: EbayListing) -> None:
    for job in (
        EbayJob.objects.select_for_update().filter(listing=listing, state__in=EbayJob.ACTIVE).exclude(state=S.RUNNING)
    ):
        move(job, S.CANCELLED, _("The product is no longer for sale."))


def retry_job(job: EbayJob, *, user=None) -> EbayJob:
    with transaction.atomic():
        job = EbayJob.objects.select_for_update().get(pk=job.pk)
        if job.state not in (S.NEEDS_ATTENTION, S.FAILED, S.WAITING_RATE_LIMIT):
            raise JobRefused(_("This job cannot be retried now."))
        if job.state == S.FAILED:
            if EbayJob.objects.filter(listing=job.listing, state__in=EbayJob.ACTIVE).exists():
                raise JobRefused(_("This listing already has a job in progress."))
        move(job, S.PENDING, attempts=0, next_attempt_at=None, errors=[], error_code="", just_enqueued=True)
    _send(job)
    return job


def cancel_job(job: EbayJob, *, user=None) -> None:
    with transaction.atomic():
        job = EbayJob.objects.select_for_update().get(pk=job.pk)
        if job.state in EbayJob.TERMINAL:
            return
        if job.state == S.RUNNING:
            job.cancel_requested = True
            job.save(update_fields=["cancel_requested", "updated_at"])
            return
        move(job, S.CANCELLED, _("Cancelled by the seller."))


def resume_waiting_reconnect(account: EbayAccount) -> int:
    """The seller reconnected: every job that waited for it goes on now."""
    jobs = list(EbayJob.objects.select_for_update().filter(account=account, state=S.WAITING_RECONNECT))
    now = timezone.now()
    for job in jobs:
        move(job, S.PENDING, next_attempt_at=now, just_enqueued=True)
        _send(job)
    return len(jobs)


def next_retry(job: EbayJob) -> datetime.datetime | None:
    return job.next_attempt_at if job.state in (S.PENDING, S.WAITING_RATE_LIMIT, S.UNKNOWN) else None
