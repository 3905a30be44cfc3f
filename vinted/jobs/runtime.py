"""What a job's steps run with: the `Run` (the job, its client, the guarded request), `Stop` and
`Ambiguous` to leave a run (channels.jobs'), `raise_for` (a Vinted outcome as a Stop) and the
seller messages the engine and the steps share. The engine (claim, lock, record) and the steps both import it; it
imports neither.
"""

import datetime
import time

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_noop

from channels import jobs as channel_jobs
from channels.jobs import Ambiguous, Stop
from ratelimit import limiter

from .. import budget
from ..client import Kind
from . import pacing
from .models import Job
from .state import key_of, redispatch_grace

S = Job.State
SAVED_FIELDS = ["step", "photos_done", "photos_total", "remote", "lease_expires_at", "updated_at"]

# Seller messages said in more than one place (English source, translated at display).
SESSION_EXPIRED = gettext_noop(
    "The Vinted session has expired: open Vinted in your browser with the extension on; the job resumes by itself."
)
CHALLENGE = gettext_noop(
    "Vinted asked for a security check. Open Vinted in your own browser, "
    "complete any check there, let the extension send a fresh session, "
    "then retry."
)
TOO_MANY_ATTEMPTS = gettext_noop("Too many attempts: the job was stopped.")
BUSY = gettext_noop("Another job of this Vinted account is sending; this one follows.")


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
        channel_jobs.save_progress(self.job, SAVED_FIELDS, grace=redispatch_grace())

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
        if not self.lock.extend(settings.VINTED_JOB_LEASE_SECONDS):
            # The account is no longer this run's (Redis lost the lock, or a next job freed it when
            # this run's heartbeat stopped): sending now could overlap another job's requests.
            raise Stop(S.PENDING, BUSY, code="busy")
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
        channel_jobs.record_request(self.job, method, path, outcome.kind.value, outcome.status, started)


def raise_for(outcome, job: Job) -> None:
    """The failure classes of docs/decisions/0009-exactly-once-jobs-and-reconciliation.md and
    docs/vinted-api.md §9.3."""
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
            S.WAITING_RECONNECT,
            SESSION_EXPIRED,
            code="session_expired",
        )
    if kind is Kind.BOT_CHALLENGE:
        raise Stop(
            S.NEEDS_ATTENTION,
            CHALLENGE,
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
    key = key_of(job)
    decision = limiter.status(key, budget.policy_for(key))
    return decision.retry_at or timezone.now() + datetime.timedelta(seconds=settings.VINTED_RATE_LIMIT_WINDOW_SECONDS)
