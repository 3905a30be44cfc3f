"""Job transitions: every state change writes a history event and keeps the public dispatch index
in step, in the caller's transaction (so the index never disagrees with the shop's job row)."""

import datetime

from django.conf import settings
from django.db import connection
from django.utils import timezone

from ..budget import account_key
from ..ledger.models import JobDispatch
from . import schedule
from .models import Job, JobEvent

S = Job.State


def key_of(job: Job) -> str:
    return account_key(job.account.domain, job.account.vinted_user_id)


def redispatch_grace() -> datetime.timedelta:
    # A job just handed to the broker is looked at again after this, should the message be lost.
    return datetime.timedelta(seconds=settings.VINTED_JOB_REDISPATCH_SECONDS)


def due_at(job: Job, *, just_enqueued: bool = False):
    now = timezone.now()
    if job.state == S.RUNNING:
        return job.lease_expires_at or now
    if job.state in (S.PENDING, S.WAITING_RATE_LIMIT, S.UNKNOWN):
        at = job.next_attempt_at or now
        return max(at, now + redispatch_grace()) if just_enqueued else at
    return None  # waiting for a person or a fresh session: nothing to dispatch by time


def sync_index(job: Job, *, just_enqueued: bool = False) -> None:
    schedule.on_job_moved(job)
    if job.state in Job.TERMINAL:
        JobDispatch.objects.filter(tenant_schema=connection.schema_name, job_id=job.pk).delete()
        return
    JobDispatch.objects.update_or_create(
        tenant_schema=connection.schema_name,
        job_id=job.pk,
        defaults={
            "job_public_id": job.public_id,
            "account_key": key_of(job),
            "action": job.action,
            "state": job.state,
            "due_at": due_at(job, just_enqueued=just_enqueued),
        },
    )


def event(job: Job, message: str = "", **fields) -> JobEvent:
    return JobEvent.objects.create(job=job, message=message[:500], **fields)


def move(job: Job, to: str, message: str = "", *, just_enqueued: bool = False, **fields) -> Job:
    """Set the state (and any other fields), record the transition, update the index. Caller holds
    the row (select_for_update) inside a transaction."""
    before = job.state
    job.state = to
    if message or to in (S.COMPLETED, S.PENDING, S.RUNNING):
        job.message = message[:500]
    for name, value in fields.items():
        setattr(job, name, value)
    if to in Job.TERMINAL:
        job.finished_at = timezone.now()
        job.lease_expires_at = None
        job.next_attempt_at = None
    job.save()
    if before != to or message:
        event(job, message, kind=JobEvent.Kind.TRANSITION, from_state=before, to_state=to)
    sync_index(job, just_enqueued=just_enqueued)
    if before != to and job.remote.get("delist"):
        from .takedown import job_moved  # takedown asks for jobs through services, which moves them

        job_moved(job, before)
    return job
