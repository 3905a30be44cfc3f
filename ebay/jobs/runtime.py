"""What an eBay job's steps run with: the `Run` (the job, its client, the guarded read and write),
`stop_for` (an eBay outcome as a `Stop`), the lease and grace, and `move` (channels.jobs.move with the
delist log's hook). The engine (claim, record) and the steps both import it; it imports neither.
"""

import datetime
import hashlib
import json
import time

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_noop

from catalog.models import Product
from channels import jobs as channel_jobs
from channels.jobs import Ambiguous, Stop
from channels.models import JobState

from ..client import EbayClient, Kind
from ..models import EbayAccount
from .models import EbayJob, EbayListing

__all__ = ["Ambiguous", "Run", "Stop", "grace", "lease", "move", "stop_for"]
S = JobState
SAVED_FIELDS = ["step", "remote", "lease_expires_at", "updated_at"]


def lease() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.EBAY_JOB_LEASE_SECONDS)


def grace() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.EBAY_JOB_REDISPATCH_SECONDS)


def after_move(job: EbayJob, before: str) -> None:
    if before != job.state and job.reason:
        from .takedown import job_moved  # takedown asks for end jobs through services, which move them

        job_moved(job, before)


def move(job: EbayJob, to: str, message: str = "", **fields) -> EbayJob:
    return channel_jobs.move(job, to, message, grace=grace(), after=after_move, **fields)


def backoff(attempts: int) -> datetime.timedelta:
    return datetime.timedelta(seconds=min(5 * 2 ** max(attempts, 0), 600))


def stop_for(outcome, job: EbayJob) -> Stop:
    """What an outcome that is not a success means for the job (docs/ebay.md, "Publishing")."""
    kind = outcome.kind
    if kind is Kind.RATE_LIMITED:
        if outcome.retry_at is not None:  # our own limiter refused: nothing was sent
            return Stop(
                S.WAITING_RATE_LIMIT,
                gettext_noop("eBay's call limit is reached: waiting until it frees."),
                code="budget",
                at=outcome.retry_at,
            )
        seen = int(job.remote.get("rate_limited", 0))
        job.remote["rate_limited"] = seen + 1
        wait = min(settings.EBAY_RATE_LIMITED_WAIT_SECONDS * 2**seen, 86400)
        return Stop(
            S.WAITING_RATE_LIMIT,
            gettext_noop("eBay asked Stoflow to slow down: waiting before trying again."),
            code="rate_limited",
            at=timezone.now() + datetime.timedelta(seconds=wait),
        )
    if kind is Kind.RECONNECT_NEEDED:
        return Stop(
            S.WAITING_RECONNECT,
            gettext_noop("eBay no longer accepts Stoflow's access: reconnect the account and the job goes on."),
            code="reconnect",
        )
    if kind is Kind.FORBIDDEN:
        return Stop(
            S.WAITING_RECONNECT,
            gettext_noop("The eBay consent lacks a permission Stoflow needs: reconnect the account."),
            code="forbidden",
        )
    if kind is Kind.TRANSIENT:
        return Stop(
            S.PENDING,
            gettext_noop("eBay could not be reached; trying again shortly."),
            code="transient",
            at=timezone.now() + backoff(job.attempts),
        )
    errors = [
        {"field": str(e.get("errorId", "")), "message": str(e.get("longMessage") or e.get("message") or "")[:300]}
        for e in outcome.errors
    ]
    return Stop(
        S.NEEDS_ATTENTION,
        gettext_noop("eBay refused the listing: see its message, fix the product and retry."),
        code="validation",
        errors=errors,
    )


class Run:
    def __init__(self, job: EbayJob, client: EbayClient):
        self.job, self.client = job, client
        self.listing: EbayListing = job.listing
        self.account: EbayAccount = job.account
        self.product: Product = job.product
        # The write a previous run left in flight: its step reads eBay before writing anything.
        self.reconcile = self.inflight

    @property
    def remote(self) -> dict:
        return self.job.remote

    @property
    def inflight(self) -> str:
        return (self.remote.get("inflight") or {}).get("op", "")

    def save(self, **fields) -> None:
        for name, value in fields.items():
            setattr(self.job, name, value)
        channel_jobs.save_progress(self.job, SAVED_FIELDS, grace=grace())

    def save_listing(self, **fields) -> None:
        for name, value in fields.items():
            setattr(self.listing, name, value)
        self.listing.save(update_fields=[*fields, "updated_at"])

    def step(self, name: str) -> None:
        self.save(step=name)

    def log(self, method: str, path: str, outcome, started: float) -> None:
        channel_jobs.record_request(self.job, method, path, outcome.kind.value, outcome.status, started)

    def read(self, method: str, path: str, call, *, ok=(Kind.OK,)):
        started = time.monotonic()
        outcome = call()
        self.log(method, path, outcome, started)
        if outcome.kind in ok:
            return outcome
        raise stop_for(outcome, self.job)

    def write(self, op: str, method: str, path: str, call, *, ok=(Kind.OK,)):
        """One write: check for a cancel, renew the lease, mark it in flight, send, classify. The caller
        records what eBay gave back and clears the marker (`done`)."""
        if EbayJob.objects.filter(pk=self.job.pk, cancel_requested=True).exists():
            raise Stop(S.CANCELLED, gettext_noop("Cancelled by the seller."), code="cancelled")
        self.remote["inflight"] = {"op": op}
        self.save(lease_expires_at=timezone.now() + lease(), remote=self.remote)
        started = time.monotonic()
        outcome = call()
        self.log(method, path, outcome, started)
        if outcome.kind is Kind.AMBIGUOUS:
            raise Ambiguous(op)
        if outcome.kind in ok:
            return outcome
        self.remote.pop("inflight", None)  # eBay did nothing
        raise stop_for(outcome, self.job)

    def done(self, **remote) -> None:
        self.remote.pop("inflight", None)
        self.remote.update(remote)
        self.save(remote=self.remote)

    def sent_already(self, what: str, body: dict) -> bool:
        """This job already sent exactly this body (an earlier run): not again."""
        return self.remote.get("sent", {}).get(what) == _digest(body)

    def record_sent(self, what: str, body: dict) -> None:
        self.done(sent={**self.remote.get("sent", {}), what: _digest(body)})


def _digest(body: dict) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True, default=str).encode()).hexdigest()
