"""Writes of the publication engine: asking for jobs, retrying, cancelling, resuming.

Jobs are created in a transaction together with their public dispatch row and handed to the
broker only once that transaction committed (`transaction.on_commit`).
"""

import functools
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from catalog.models import Product
from catalog.services import is_available

from ..models import VintedAccount
from ..preflight import preflight
from ..selectors import sending_blocked
from .models import Job, Listing
from .selectors import LIVE, publish_problems
from .state import move, sync_index

S = Job.State
A = Job.Action


class JobRefused(Exception):
    """The request cannot become a job; `problems` maps product public ids to Problem lists."""

    def __init__(self, message: str, problems: dict | None = None, field: str = "products"):
        super().__init__(message)
        self.message, self.problems, self.field = message, problems or {}, field


def _enqueue(job: Job) -> None:
    from .tasks import run_job

    transaction.on_commit(functools.partial(run_job.delay, connection.schema_name, job.pk))


def _new_job(action: str, account: VintedAccount, product, user, *, enqueue: bool = True) -> Job:
    try:
        with transaction.atomic():
            job = Job.objects.create(
                action=action, account=account, product=product, created_by=getattr(user, "pk", None), state=S.PENDING
            )
            sync_index(job, just_enqueued=True)
    except IntegrityError:
        label = product.sku if product is not None else account.login
        raise JobRefused(
            _("%(label)s already has a Vinted job in progress on this account.") % {"label": label}
        ) from None
    if enqueue:
        _enqueue(job)
    return job


def _check_account(account: VintedAccount) -> None:
    """Nothing is asked of an account that cannot send: a job would only stop at once."""
    if not account.is_connected:
        raise JobRefused(_("This Vinted account is disconnected."), field="account")
    blocked = sending_blocked(account)
    if blocked:
        raise JobRefused(blocked, field="account")


def request_publication(account: VintedAccount, products, *, user, leave_out_unready: bool = False) -> list[Job]:
    """One publish job per product. Refuses the whole request if any product cannot be published
    (selectors.publish_problems), or with `leave_out_unready` publishes those that can and refuses
    only when none can."""
    _check_account(account)
    products = list(products)
    if not products:
        raise JobRefused(_("Select at least one product to publish."))
    problems = {}
    for product in products:
        if found := publish_problems(product, account):
            problems[str(product.public_id)] = found
    if leave_out_unready:
        products = [p for p in products if str(p.public_id) not in problems]
        if not products:
            raise JobRefused(_("None of these products can be published yet: fix the problems listed first."), problems)
    elif problems:
        raise JobRefused(_("Some products cannot be published yet: fix the problems listed."), problems)
    # Only the first job is sent: one job sends per account at a time, and each hands the account
    # to the next when it lets go (jobs.handoff), so the batch goes in the order it was chosen.
    with transaction.atomic():
        return [
            _new_job(A.PUBLISH, account, product, user, enqueue=index == 0) for index, product in enumerate(products)
        ]


def _listed(account, product) -> Listing:
    listing = Listing.objects.filter(product=product, account=account, item_id__isnull=False).first()
    if listing is None or listing.status not in LIVE:
        raise JobRefused(_("This product is not listed on this Vinted account."), field="product")
    return listing


def request_update(account: VintedAccount, product, *, user) -> Job:
    _check_account(account)
    _listed(account, product)
    problems = [p for p in preflight(product, account) if p.field != "stock"]
    if problems:
        raise JobRefused(_("Fix the product before sending it to Vinted."), {str(product.public_id): problems})
    return _new_job(A.UPDATE, account, product, user)


def request_delete(account: VintedAccount, product, *, user) -> Job:
    _check_account(account)
    _listed(account, product)
    return _new_job(A.DELETE, account, product, user)


def request_hide(account: VintedAccount, product: Product, *, user: Any) -> Job:
    """Take a published listing off sale, kept on Vinted (hidden), e.g. once the product sold."""
    _check_account(account)
    if _listed(account, product).status != Listing.Status.PUBLISHED:
        raise JobRefused(_("This listing is already hidden on Vinted."), field="product")
    return _new_job(A.HIDE, account, product, user)


def request_show(account: VintedAccount, product: Product, *, user: Any) -> Job:
    """Put a hidden listing back on sale (the product is for sale again)."""
    _check_account(account)
    if _listed(account, product).status != Listing.Status.HIDDEN:
        raise JobRefused(_("This listing is not hidden on Vinted."), field="product")
    if not is_available(product):
        raise JobRefused(_("This product is not for sale: add stock first."), field="product")
    return _new_job(A.SHOW, account, product, user)


def request_repost(account: VintedAccount, product, *, user) -> Job:
    _check_account(account)
    _listed(account, product)
    problems = preflight(product, account)
    if problems:
        raise JobRefused(_("Fix the product before reposting it."), {str(product.public_id): problems})
    return _new_job(A.REPOST, account, product, user)


def request_sync(account: VintedAccount, *, user=None) -> Job:
    _check_account(account)
    return _new_job(A.SYNC, account, None, user)


def retry_job(job: Job, *, user) -> Job:
    """Ask again for a job that failed, needs attention or waits: it resumes from its stored ids."""
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job.pk)
        if job.state in (S.COMPLETED, S.CANCELLED, S.RUNNING):
            raise JobRefused(_("This job cannot be retried now."), field="job")
        if (
            job.state == S.FAILED
            and Job.objects.filter(product=job.product, account=job.account, state__in=Job.ACTIVE)
            .exclude(pk=job.pk)
            .exists()
        ):
            raise JobRefused(_("Another job for this product is already in progress."), field="job")
        # The seller asked again: a fresh count, or a job stopped for too many attempts would stop at once.
        move(
            job,
            S.PENDING,
            gettext_noop("Retry asked by the seller."),
            just_enqueued=True,
            next_attempt_at=None,
            error_code="",
            errors=[],
            finished_at=None,
            attempts=0,
            remote={**job.remote, "create_resubmits": 0},
        )
        _enqueue(job)
    return job


def cancel_job(job: Job, *, user) -> None:
    """Cancel a job that has not finished. A running request cannot be called back: a job in the
    middle of a request is cancelled once that request is recorded (the runner checks)."""
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job.pk)
        if job.state in Job.TERMINAL:
            raise JobRefused(_("This job has already finished."), field="job")
        if job.state == S.RUNNING:
            job.cancel_requested = True
            job.save(update_fields=["cancel_requested", "updated_at"])
            return
        move(job, S.CANCELLED, gettext_noop("Cancelled by the seller."))
        Listing.objects.filter(
            product=job.product, account=job.account, status=Listing.Status.PUBLISHING, item_id__isnull=True
        ).delete()


def resume_waiting_session(account: VintedAccount) -> int:
    """A fresh session arrived: jobs parked for it go back to work by themselves."""
    resumed = 0
    with transaction.atomic():
        for job in Job.objects.select_for_update(skip_locked=True).filter(account=account, state=S.WAITING_SESSION):
            move(
                job,
                S.PENDING,
                gettext_noop("A fresh Vinted session arrived: resuming."),
                just_enqueued=True,
                next_attempt_at=timezone.now(),
            )
            _enqueue(job)
            resumed += 1
    return resumed
