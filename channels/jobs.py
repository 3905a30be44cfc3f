"""The channel-independent part of running a job: transitions with their history and public index,
the claim under a row lock with a lease, and the beat dispatcher.

A channel gives its job model (a `channels.models.ChannelJob`), its task and its timings; what a job
does (the marketplace's requests and how to reconcile them) stays in the channel's own engine.
Nothing here holds a transaction while a request is in flight: claims and records are short.
"""

import datetime
import functools
import logging
from collections.abc import Callable

from django.db import connection, transaction
from django.utils import timezone

from .models import CLAIMABLE, TERMINAL, JobDispatch, JobState

log = logging.getLogger(__name__)
S = JobState
BATCH = 500


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


def move(job, to: str, message: str = "", *, grace: datetime.timedelta, just_enqueued: bool = False, **fields):
    """Set the state (and other fields), record the transition, update the index. The caller holds the row
    (select_for_update) inside a transaction."""
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
    return job


def claim(model, job_id: int, *, lease: datetime.timedelta, grace: datetime.timedelta):
    """The job, now `running` with a lease, or None when it is not ours to run: taken by another
    delivery (locked or leased), finished, waiting for a person, or not due yet. A running job whose
    lease ran out (its worker died) is claimed again and keeps its `remote` and in-flight marker.
    Returns (job, previous state)."""
    now = timezone.now()
    with transaction.atomic():
        job = model.objects.select_for_update(skip_locked=True).filter(pk=job_id).first()
        if job is None:
            return None, None
        before = job.state
        lease_over = before == S.RUNNING and (job.lease_expires_at is None or job.lease_expires_at <= now)
        due = before in CLAIMABLE and (job.next_attempt_at is None or job.next_attempt_at <= now)
        if not (due or lease_over):
            return None, None
        move(job, S.RUNNING, grace=grace, lease_expires_at=now + lease, next_attempt_at=None)
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
