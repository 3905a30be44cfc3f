"""Vinted's side of job transitions (the machine itself is channels.jobs): the redispatch grace, and
what else moves with a job in the same transaction, namely the account's periodic sync row
(schedule) and a take-down's line in the delist log (takedown)."""

import datetime

from django.conf import settings

from channels import jobs as channel_jobs

from ..budget import account_key
from . import schedule
from .models import Job, JobEvent

S = Job.State


def key_of(job: Job) -> str:
    return account_key(job.account.domain, job.account.vinted_user_id)


def redispatch_grace() -> datetime.timedelta:
    # A job just handed to the broker is looked at again after this, should the message be lost.
    return datetime.timedelta(seconds=settings.VINTED_JOB_REDISPATCH_SECONDS)


def sync_index(job: Job, *, just_enqueued: bool = False) -> None:
    schedule.on_job_moved(job)
    channel_jobs.sync_index(job, grace=redispatch_grace(), just_enqueued=just_enqueued)


def event(job: Job, message: str = "", **fields) -> JobEvent:
    return channel_jobs.event(job, message, **fields)


def after_move(job: Job, before: str) -> None:
    schedule.on_job_moved(job)
    if before != job.state and job.remote.get("delist"):
        from .takedown import job_moved  # takedown asks for jobs through services, which moves them

        job_moved(job, before)


def move(job: Job, to: str, message: str = "", *, just_enqueued: bool = False, **fields) -> Job:
    """Set the state (and any other fields), record the transition, update the index. Caller holds
    the row (select_for_update) inside a transaction."""
    return channel_jobs.move(
        job, to, message, grace=redispatch_grace(), just_enqueued=just_enqueued, after=after_move, **fields
    )
