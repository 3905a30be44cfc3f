"""Running one job: claim it under a row lock, hold the account, run its steps, record the outcome.

Claim and every record are short transactions; no transaction is open while a request is in
flight (docs/decisions/0009-exactly-once-jobs-and-reconciliation.md). Before a request that creates
or deletes something, the job stores an `inflight` marker; if the worker dies before the answer is
recorded, the next run finds the marker and reconciles against the wardrobe instead of sending again.
"""

import datetime
import logging
import time

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from .. import services as vinted_services
from ..client import Kind
from ..models import VintedAccount
from . import handoff, pacing
from .models import Job, JobEvent
from .state import event, key_of, move, sync_index

log = logging.getLogger(__name__)
S = Job.State
# Runs that ended in one of these count as attempts: an error worth retrying. Waiting for the
# account, the budget, a pause or a session is not an attempt, however often it happens.
COUNTED = frozenset({"transient", "read_failed", "error", "worker_lost"})
SAVED_FIELDS = ["step", "photos_done", "photos_total", "remote", "lease_expires_at", "updated_at"]


class Stop(Exception):
    """Leave the run with the job in `state`."""

    def __init__(self, state: str, message: str, *, code: str = "", at=None, errors=None):
        super().__init__(message)
        self.state, self.message, self.code, self.at, self.errors = state, message, code, at, errors or []


class Ambiguous(Exception):
    """A write left the machine and no usable answer came back: reconcile before anything else."""


def lease() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.VINTED_JOB_LEASE_SECONDS)


class Run:
    """What the steps of one job run need: the job, its client, and the guarded request."""

    def __init__(self, job: Job, client, lock: pacing.AccountLock):
        self.job, self.client, self.lock = job, client, lock
        self.account_key = key_of(job)
        self.final_message = gettext_noop("Done.")

    @property
    def remote(self) -> dict:
        return self.job.remote

    def save(self, **fields) -> None:
        for name, value in fields.items():
            setattr(self.job, name, value)
        with transaction.atomic():
            self.job.save(update_fields=SAVED_FIELDS)
            sync_index(self.job)

    def read(self, method: str, path: str, call):
        started = time.monotonic()
        outcome = call()
        self._log(method, path, outcome, started)
        if outcome.kind in (Kind.OK, Kind.NOT_FOUND):
            return outcome
        raise_for(outcome, self.job)
        raise Stop(
            S.UNKNOWN,
            gettext_noop("Vinted could not be read; trying again shortly."),
            code="read_failed",
            at=timezone.now() + datetime.timedelta(seconds=60),
        )

    def write(self, op: str, method: str, path: str, call, **marker):
        """One mutating request: pause, renew the lease, mark it in flight, send, classify."""
        wait = pacing.wait_before_write(self.account_key)
        if wait > float(settings.VINTED_INLINE_PAUSE_MAX_SECONDS):
            raise Stop(
                S.PENDING,
                gettext_noop("Pausing between requests, as a person would."),
                code="pause",
                at=timezone.now() + datetime.timedelta(seconds=wait),
            )
        if wait > 0:
            time.sleep(wait)
        if Job.objects.filter(pk=self.job.pk, cancel_requested=True).exists():
            raise Stop(S.CANCELLED, gettext_noop("Cancelled by the seller."), code="cancelled")
        self.lock.extend(settings.VINTED_JOB_LEASE_SECONDS)
        self.remote["inflight"] = {"op": op, **marker}
        self.save(lease_expires_at=timezone.now() + lease(), remote=self.remote)
        started = time.monotonic()
        outcome = call()
        self._log(method, path, outcome, started)
        if outcome.sent:
            pacing.after_write(self.account_key)
        if outcome.kind is Kind.AMBIGUOUS:
            raise Ambiguous(outcome.message)
        if outcome.kind is Kind.OK or (op == "delete" and outcome.kind is Kind.NOT_FOUND):
            return outcome  # the caller records the result and clears the marker
        self.remote.pop("inflight", None)  # nothing happened on Vinted's side
        raise_for(outcome, self.job)
        return outcome

    def _log(self, method, path, outcome, started) -> None:
        event(
            self.job,
            outcome.kind.value,
            kind=JobEvent.Kind.REQUEST,
            method=method,
            path=path[:200],
            status=outcome.status,
            duration_ms=int((time.monotonic() - started) * 1000),
        )


def raise_for(outcome, job: Job) -> None:
    """The failure classes of docs/decisions/0009-exactly-once-jobs-and-reconciliation.md.

    The Vinted answers behind them: docs/vinted-api.md §9.3."""
    kind = outcome.kind
    if kind is Kind.BUDGET_EXHAUSTED:
        at = (
            datetime.datetime.fromtimestamp(outcome.retry_at_ms / 1000, tz=datetime.UTC)
            if outcome.retry_at_ms
            else timezone.now() + datetime.timedelta(seconds=60)
        )
        raise Stop(
            S.WAITING_RATE_LIMIT,
            gettext_noop("The account's request budget is used up: waiting for the next slot."),
            code="budget",
            at=at,
        )
    if kind is Kind.SESSION_EXPIRED:
        raise Stop(
            S.WAITING_SESSION,
            gettext_noop(
                "The Vinted session has expired: open Vinted in your browser with the "
                "extension on; the job resumes by itself."
            ),
            code="session_expired",
        )
    if kind is Kind.BOT_CHALLENGE:
        raise Stop(
            S.NEEDS_ATTENTION,
            gettext_noop(
                "Vinted asked for a security check. Open Vinted in your own browser, "
                "complete any check there, let the extension send a fresh session, "
                "then retry."
            ),
            code="bot_challenge",
        )
    if kind is Kind.RATE_LIMITED:
        raise Stop(
            S.WAITING_RATE_LIMIT,
            gettext_noop(
                "Vinted said too many requests: the account is paused for a full "
                "window, then the job resumes by itself."
            ),
            code="rate_limited",
            at=_window_end(job),
        )
    if kind is Kind.VALIDATION_ERROR:
        raise Stop(
            S.NEEDS_ATTENTION,
            gettext_noop("Vinted refused the listing: fix the fields below, then retry."),
            code="validation",
            errors=[{"field": e.field, "message": e.message} for e in outcome.errors],
        )
    if kind is Kind.CSRF_REFRESH:
        raise Stop(
            S.NEEDS_ATTENTION,
            gettext_noop("This Vinted session cannot write: reconnect the extension, then retry."),
            code="csrf",
        )
    if kind is Kind.TRANSIENT:
        delay = min(600, 30 * 2 ** min(job.attempts, 5))
        raise Stop(
            S.PENDING,
            gettext_noop("Vinted could not be reached; trying again shortly."),
            code="transient",
            at=timezone.now() + datetime.timedelta(seconds=delay),
        )
    if kind is Kind.NOT_FOUND:
        raise Stop(S.FAILED, gettext_noop("The listing no longer exists on Vinted."), code="not_found")
    raise Stop(S.FAILED, gettext_noop("Vinted refused the request."), code="rejected")


def _window_end(job: Job):
    from ratelimit import limiter

    from .. import budget

    key = key_of(job)
    decision = limiter.status(key, budget.policy_for(key))
    return decision.retry_at or timezone.now() + datetime.timedelta(seconds=settings.VINTED_RATE_LIMIT_WINDOW_SECONDS)


# --- claim ---------------------------------------------------------------------------------


def claim(job_id: int) -> Job | None:
    now = timezone.now()
    with transaction.atomic():
        job = (
            Job.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("account", "product")
            .filter(pk=job_id)
            .first()
        )
        if job is None:
            return None  # another worker holds it
        if job.state == S.RUNNING:
            if job.lease_expires_at and job.lease_expires_at > now:
                return None
            move(
                job,
                S.UNKNOWN,
                gettext_noop("The worker stopped during this job: checking Vinted before sending anything again."),
                error_code="worker_lost",
                next_attempt_at=None,
                attempts=job.attempts + 1,
            )
        if job.state not in (S.PENDING, S.WAITING_RATE_LIMIT, S.UNKNOWN):
            sync_index(job)
            return None
        early = datetime.timedelta(seconds=handoff.early_seconds() if job.error_code == "pause" else 0)
        if job.next_attempt_at and job.next_attempt_at > now + early:
            sync_index(job)
            return None
        if job.attempts >= settings.VINTED_JOB_MAX_ATTEMPTS and not job.remote.get("inflight"):
            move(job, S.FAILED, gettext_noop("Too many attempts: the job was stopped."), error_code="attempts")
            return None
        return move(job, S.RUNNING, "", lease_expires_at=now + lease(), next_attempt_at=None, error_code="", errors=[])


def release(job: Job, stop: Stop) -> None:
    with transaction.atomic():
        current = Job.objects.select_for_update().get(pk=job.pk)
        current.remote, current.step = job.remote, job.step
        current.photos_done, current.photos_total = job.photos_done, job.photos_total
        if current.state == S.CANCELLED:
            return
        state, message, code = stop.state, stop.message, stop.code
        if code in COUNTED:
            current.attempts += 1
            if (
                current.attempts >= settings.VINTED_JOB_MAX_ATTEMPTS
                and state in (S.PENDING, S.UNKNOWN)
                and not current.remote.get("inflight")
            ):
                state, message, code = S.FAILED, gettext_noop("Too many attempts: the job was stopped."), "attempts"
        # A job bounced off a busy account is due now: the job holding the account hands it over
        # when it lets go; the dispatcher only looks again after the grace, should that be lost.
        move(
            current,
            state,
            message,
            error_code=code,
            errors=stop.errors,
            next_attempt_at=stop.at,
            lease_expires_at=None,
            just_enqueued=code == "busy",
        )
        if stop.state == S.WAITING_SESSION:
            park_account(current.account, except_pk=current.pk)


def park_account(account: VintedAccount, except_pk=None) -> None:
    """The session expired: every job of the account waits for a fresh export."""
    for other in (
        Job.objects.select_for_update(skip_locked=True)
        .filter(account=account, state__in=[S.PENDING, S.WAITING_RATE_LIMIT])
        .exclude(pk=except_pk)
    ):
        move(
            other,
            S.WAITING_SESSION,
            gettext_noop("The Vinted session has expired: waiting for a fresh one."),
            error_code="session_expired",
            next_attempt_at=None,
        )


# --- run -----------------------------------------------------------------------------------


def run(job_id: int) -> None:
    job = claim(job_id)
    if job is None:
        return
    lock = pacing.AccountLock(key_of(job))
    if not lock.acquire(settings.VINTED_JOB_LEASE_SECONDS):
        release(
            job,
            Stop(
                S.PENDING if not job.remote.get("inflight") else S.UNKNOWN,
                gettext_noop("Another job of this Vinted account is sending; this one follows."),
                code="busy",
            ),
        )
        if not lock.taken():
            # The holder let go between our try and our release, and may have found no one due.
            handoff.hand_over(job.account)
        return
    client = None
    try:
        client = _client(job)
        _run_steps(Run(job, client, lock))
    except Stop as stop:
        release(job, stop)
    except Exception:
        log.exception("vinted job %s crashed", job.public_id)
        state = S.UNKNOWN if job.remote.get("inflight") else S.PENDING
        release(
            job,
            Stop(
                state,
                gettext_noop("An unexpected error stopped the job; it will be tried again."),
                code="error",
                at=timezone.now() + datetime.timedelta(seconds=60),
            ),
        )
    finally:
        if client is not None:
            vinted_services.save_session_changes(VintedAccount.objects.get(pk=job.account_id), client)
        lock.release()
    handoff.hand_over(job.account)


def _client(job: Job):
    account = VintedAccount.objects.get(pk=job.account_id)
    if account.status == VintedAccount.Status.EXPIRED:
        raise Stop(
            S.WAITING_SESSION,
            gettext_noop(
                "The Vinted session has expired: open Vinted in your browser with the "
                "extension on; the job resumes by itself."
            ),
            code="session_expired",
        )
    try:
        return vinted_services.client_for(account)
    except vinted_services.AccountUnavailable:
        if account.status == VintedAccount.Status.CHALLENGE_REQUIRED:
            raise Stop(
                S.NEEDS_ATTENTION,
                gettext_noop(
                    "Vinted asked for a security check. Open Vinted in your own browser, "
                    "complete any check there, let the extension send a fresh session, "
                    "then retry."
                ),
                code="bot_challenge",
            ) from None
        raise Stop(
            S.NEEDS_ATTENTION,
            gettext_noop("This Vinted account is disconnected: reconnect it, then retry."),
            code="disconnected",
        ) from None


def _run_steps(run: Run) -> None:
    from . import steps

    for _round in range(3):
        try:
            if run.remote.get("inflight"):
                steps.reconcile(run)
            steps.ACTIONS[run.job.action](run)
            break
        except Ambiguous:
            event(
                run.job,
                gettext_noop("Vinted did not answer clearly: checking the wardrobe before anything else."),
                kind=JobEvent.Kind.TRANSITION,
                from_state=S.RUNNING,
                to_state=S.UNKNOWN,
            )
    else:
        raise Stop(
            S.NEEDS_ATTENTION,
            gettext_noop("Vinted's answers stayed unclear: check your Vinted wardrobe, then retry."),
            code="ambiguous",
        )
    with transaction.atomic():
        current = Job.objects.select_for_update().get(pk=run.job.pk)
        current.remote, current.photos_done, current.photos_total = (
            run.remote,
            run.job.photos_done,
            run.job.photos_total,
        )
        move(current, S.COMPLETED, run.final_message, step="done", error_code="")
