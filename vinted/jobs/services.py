"""Writes of the publication engine: asking for jobs, retrying, cancelling, resuming.

Jobs are created in a transaction together with their public dispatch row and handed to the
broker only once that transaction committed (`transaction.on_commit`).
"""

import functools
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from catalog.models import Product
from catalog.services import is_available
from stoflow.api_errors import Refusal
from tenants.connection import current_schema_name
from tenants.models import User

from ..models import VintedAccount
from ..preflight import Problem, preflight
from ..selectors import sending_blocked
from .models import Job, Listing
from .selectors import LIVE, publish_problems
from .state import move, sync_index

S = Job.State
A = Job.Action


class JobRefused(Refusal):
    """The request cannot become a job; `problems` maps product public ids to Problem lists.

    The API answers 400 naming `field`, with the problems per product (stoflow.api_errors)."""

    def __init__(self, message: str, problems: dict[str, list[Problem]] | None = None, field: str = "products"):
        super().__init__(message, field=field)
        self.problems = problems or {}

    def api_body(self) -> dict[str, Any]:
        body: dict[str, Any] = {self.field: [self.message]}
        if self.problems:
            body["problems"] = {
                public_id: [{"field": p.field, "message": p.message} for p in found]
                for public_id, found in self.problems.items()
            }
        return body


def _enqueue(job: Job) -> None:
    from .tasks import run_job

    transaction.on_commit(functools.partial(run_job.delay, current_schema_name(), job.pk))


def _new_job(
    action: str, account: VintedAccount, product: Product | None, user: User | None, *, enqueue: bool = True
) -> Job:
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


def request_publication(
    account: VintedAccount, products: Iterable[Product], *, user: User | None, leave_out_unready: bool = False
) -> list[Job]:
    """One publish job per product. Refuses the whole request if any product cannot be published
    (selectors.publish_problems), or with `leave_out_unready` publishes those that can and refuses
    only when none can.

    A product that already has a publish job in progress on this account keeps it: asking again
    (a second confirm, e.g. after the web process died between the commit and the broker) returns
    that job instead of a refusal, and the batch's first job is handed to the broker again (a
    message that did arrive makes the second one a no-op: the claim)."""
    _check_account(account)
    chosen = list(products)
    if not chosen:
        raise JobRefused(_("Select at least one product to publish."))
    in_progress = {
        job.product_id: job
        for job in Job.objects.filter(
            account=account, product__in=chosen, action=A.PUBLISH, state__in=Job.ACTIVE
        ).select_related("product", "account")
    }
    problems: dict[str, list[Problem]] = {}
    for product in chosen:
        if product.pk not in in_progress and (found := publish_problems(product, account)):
            problems[str(product.public_id)] = found
    if leave_out_unready:
        chosen = [p for p in chosen if str(p.public_id) not in problems]
        if not chosen:
            raise JobRefused(_("None of these products can be published yet: fix the problems listed first."), problems)
    elif problems:
        raise JobRefused(_("Some products cannot be published yet: fix the problems listed."), problems)
    # Only the first job is sent: one job sends per account at a time, and each hands the account
    # to the next when it lets go (jobs.handoff), so the batch goes in the order it was chosen.
    with transaction.atomic():
        jobs = [
            in_progress.get(product.pk) or _new_job(A.PUBLISH, account, product, user, enqueue=index == 0)
            for index, product in enumerate(chosen)
        ]
        if jobs and jobs[0].product_id in in_progress and jobs[0].state in (S.PENDING, S.UNKNOWN):
            _enqueue(jobs[0])
    return jobs


def _listed(account: VintedAccount, product: Product) -> Listing:
    listing = Listing.objects.filter(product=product, account=account, item_id__isnull=False).first()
    if listing is None or listing.status not in LIVE:
        raise JobRefused(_("This product is not listed on this Vinted account."), field="product")
    return listing


def request_update(account: VintedAccount, product: Product, *, user: User | None) -> Job:
    _check_account(account)
    _listed(account, product)
    problems = [p for p in preflight(product, account) if p.field != "stock"]
    if problems:
        raise JobRefused(_("Fix the product before sending it to Vinted."), {str(product.public_id): problems})
    return _new_job(A.UPDATE, account, product, user)


def request_delete(account: VintedAccount, product: Product, *, user: User | None) -> Job:
    _check_account(account)
    _listed(account, product)
    return _new_job(A.DELETE, account, product, user)


def request_hide(account: VintedAccount, product: Product, *, user: User | None) -> Job:
    """Take a published listing off sale, kept on Vinted (hidden), e.g. once the product sold."""
    _check_account(account)
    if _listed(account, product).status != Listing.Status.PUBLISHED:
        raise JobRefused(_("This listing is already hidden on Vinted."), field="product")
    return _new_job(A.HIDE, account, product, user)


def request_show(account: VintedAccount, product: Product, *, user: User | None) -> Job:
    """Put a hidden listing back on sale (the product is for sale again)."""
    _check_account(account)
    if _listed(account, product).status != Listing.Status.HIDDEN:
        raise JobRefused(_("This listing is not hidden on Vinted."), field="product")
    if not is_available(product):
        raise JobRefused(_("This product is not for sale: add stock first."), field="product")
    return _new_job(A.SHOW, account, product, user)


def request_repost(account: VintedAccount, product: Product, *, user: User | None) -> Job:
    _check_account(account)
    _listed(account, product)
    problems = preflight(product, account)
    if problems:
        raise JobRefused(_("Fix the product before reposting it."), {str(product.public_id): problems})
    return _new_job(A.REPOST, account, product, user)


def request_sync(account: VintedAccount, *, user: User | None = None) -> Job:
    _check_account(account)
    return _new_job(A.SYNC, account, None, user)


def retry_job(job: Job, *, user: User | None) -> Job:
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
            gettext_noop("Retry asked by the seller: a fresh count of attempts starts."),
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


def cancel_job(job: Job, *, user: User | None) -> None:
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


def on_session_refreshed(sender: object, account: VintedAccount, **kwargs: object) -> None:
    """vinted.signals.session_refreshed: jobs parked for a fresh session go back to work."""
    resume_waiting_session(account)


def resume_waiting_session(account: VintedAccount) -> int:
    """A fresh session arrived: jobs parked for it go back to work by themselves."""
    resumed = 0
    with transaction.atomic():
        for job in Job.objects.select_for_update(skip_locked=True).filter(account=account, state=S.WAITING_RECONNECT):
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
