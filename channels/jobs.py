"""The channel-independent part of running a job: transitions with their history and public index,
the claim under a row lock with a lease, a running job's progress and requests, how a run ends
(`Stop`, `Ambiguous`), and the beat dispatcher.

A channel gives its job model (a `channels.models.ChannelJob`), its task, its timings and its hooks
(`after` a transition; `lost`, `early`, `refuse` at the claim); what a job does (the marketplace's
requests and how to reconcile them) stays in the channel's own engine.
Nothing here holds a transaction while a request is in flight: claims and records are short.
"""

import datetime
import functools
import logging
import time
from collections.abc import Callable

from django.db import connection, transaction
from django.utils import timezone

from .models import CLAIMABLE, TERMINAL, JobDispatch, JobState

log = logging.getLogger(__name__)
S = JobState
BATCH = 500


class Stop(Exception):
    """Leave a run with the job in `state` (the channel's engine records it)."""

    def __init__(self, state: str, message: str, *, code: str = "", at=None, errors=None):
        super().__init__(message)
        self.state, self.message, self.code, self.at, self.errors = state, message, code, at, errors or []


class Ambiguous(Exception):
    """A write left the machine without a usable answer: the next step reads the marketplace first."""


def due_at(job, *, grace: datetime.timedelta, just_enqueued: bool = False):
    now = timezone.now()
    if job.state == S.RUNNING:
        return job.lease_expires_at or now
    if job.state in CLAIMABLE:
        at = job.next_attempt_at or now
        return max(at, now + grace) if just_enqueued else at
    return None  # waiting for a person (attention, reconnect): nothing to dispatch by time


def sync_index(job, *, grace: datetime.timedelta, just_enqueued: bool = False) -> None:
    """Keep the public index in step with the job row, in the caller's transaction."""
    rows = JobDispatch.objects.filter(channel=job.CHANNEL, tenant_schema=connection.schema_name, job_id=job.pk)
    if job.state in TERMINAL:
        rows.delete()
        return
    JobDispatch.objects.update_or_create(
        channel=job.CHANNEL,
        tenant_schema=connection.schema_name,
        job_id=job.pk,
        defaults={
            "job_public_id": job.public_id,
            "action": getattr(job, "action", ""),
            "state": job.state,
            "due_at": due_at(job, grace=grace, just_enqueued=just_enqueued),
        },
    )


def forget_shop(channel: str, schema: str) -> int:
    """Delete the channel's index rows of a shop being erased (its jobs go with its schema)."""
    return JobDispatch.objects.filter(channel=channel, tenant_schema=schema).delete()[0]


def event(job, message: str = "", **fields):
    return job.events.create(message=message[:500], **fields)


def record_request(job, method: str, path: str, outcome: str, status, started: float):
    """A request of the job in its history: method, path, status, how long since `started` (monotonic)."""
    return event(
        job,
        outcome,
        kind="request",
        method=method,
        path=path[:200],
        status=status,
        duration_ms=int((time.monotonic() - started) * 1000),
    )


def save_progress(job, fields: list[str], *, grace: datetime.timedelta) -> None:
    """Store a running job's progress (step, remote ids, lease) with its index row, in one transaction."""
    with transaction.atomic():
        job.save(update_fields=fields)
        sync_index(job, grace=grace)


def move(
    job,
    to: str,
    message: str = "",
    *,
    grace: datetime.timedelta,
    just_enqueued: bool = False,
    after: Callable | None = None,
    **fields,
):
    """Set the state (and other fields), record the transition, update the index, then call the channel's
    `after(job, state before)` (its own bookkeeping, e.g. the delist log), all in the caller's transaction.
    The caller holds the row (select_for_update)."""
    before = job.state
    job.state = to
    if message or to in (S.COMPLETED, S.PENDING, S.RUNNING):
        job.message = message[:500]
    for name, value in fields.items():
        setattr(job, name, value)
    if to in TERMINAL:
        job.finished_at = timezone.now()
        job.lease_expires_at = None
        job.next_attempt_at = None
    job.save()
    if before != to or message:
        event(job, message, kind="transition", from_state=before, to_state=to)
    sync_index(job, grace=grace, just_enqueued=just_enqueued)
    if after is not None:
        after(job, before)
    return job


def claim(
    model,
    job_id: int,
    *,
    lease: datetime.timedelta,
    grace: datetime.timedelta,
    after: Callable | None = None,
    related: tuple[str, ...] = (),
    early: Callable | None = None,
    lost: Callable | None = None,
    refuse: Callable | None = None,
    **running_fields,
):
    """The job, now `running` with a lease, or None when it is not ours to run: taken by another
    delivery (locked or leased), finished, waiting for a person, or not due yet (its index row is then
    set back to the job's own due time). Returns (job, previous state).

    A running job whose lease ran out (its worker died) keeps its `remote` and in-flight marker; `lost`
    (job, move) lets the channel move it first (Vinted: to `unknown`), else it is claimed as it is.
    `early(job)` is how long before its next attempt a job may start; `refuse(job, move)` is the channel's
    last word (moves the job and returns True, e.g. too many attempts). `after` is the channel's hook of
    `move`; `running_fields` are set with the move to `running`.
    """
    now = timezone.now()
    step = functools.partial(move, grace=grace, after=after)
    with transaction.atomic():
        query = model.objects.select_for_update(skip_locked=True, of=("self",))
        if related:
            query = query.select_related(*related)
        job = query.filter(pk=job_id).first()
        if job is None:
            return None, None
        before = job.state
        if before == S.RUNNING:
            if job.lease_expires_at is not None and job.lease_expires_at > now:
                return None, None
            if lost is not None:
                lost(job, step)
        if job.state != S.RUNNING:
            due_by = now + (early(job) if early is not None else datetime.timedelta(0))
            if job.state not in CLAIMABLE or (job.next_attempt_at is not None and job.next_attempt_at > due_by):
                sync_index(job, grace=grace)
                return None, None
            if refuse is not None and refuse(job, step):
                return None, None
        step(job, S.RUNNING, lease_expires_at=now + lease, next_attempt_at=None, **running_fields)
        return job, before


def dispatch_due(channel: str, send: Callable[[str, int], None], *, grace: datetime.timedelta, now=None) -> int:
    """Hand every due job of the channel to the broker once; runs on public.

    A row is claimed with skip_locked (two beats never send the same row) and pushed forward by the
    grace: a lost message is sent again then; a message delivered twice finds the job claimed.
    """
    connection.set_schema_to_public()
    now = now or timezone.now()
    with transaction.atomic():
        rows = list(
            JobDispatch.objects.select_for_update(skip_locked=True)
            .filter(channel=channel, due_at__lte=now)
            .order_by("due_at")[:BATCH]
        )
        for row in rows:
            row.due_at = now + grace
            row.save(update_fields=["due_at", "updated_at"])
            transaction.on_commit(functools.partial(send, row.tenant_schema, row.job_id))
    if rows:
        log.info("dispatched %s due %s jobs", len(rows), channel)
    return len(rows)
