"""Handing a Vinted account over to its next job the moment the previous one lets go.

One job sends per account at a time (pacing.AccountLock). When a job finishes, or stops to wait
(a pause between requests, the budget, a session), the account goes at once to its next job: the
first one due, oldest first (a batch goes in the order its products were chosen), sent now or
just before the account's pause ends (early_seconds). Only that one job is sent, so the others are not bounced off a
busy account again and again. The beat dispatcher stays the safety net: the handed-over job's
index row is pushed forward by the redispatch grace, and if the message is lost, the dispatcher
sends the job then.

The message carries a countdown only up to VINTED_HANDOFF_MAX_WAIT_SECONDS (two minutes by
default), far below the broker's visibility timeout; anything later is left to the dispatcher
(docs/decisions/0008-beat-dispatcher-instead-of-etas.md is about waits beyond it).
"""

import datetime
import functools
import logging

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from channels.models import JobDispatch

from ..budget import account_key
from . import pacing
from .models import Job
from .state import redispatch_grace

log = logging.getLogger(__name__)
S = Job.State
RUNNABLE = (S.PENDING, S.WAITING_RATE_LIMIT, S.UNKNOWN)


def early_seconds() -> float:
    """How long before the end of a pause the next job is sent: it gets ready (claim, session, photo)
    while the pause runs out, then sleeps the rest in the worker (runtime.Run.write)."""
    return min(float(settings.VINTED_INLINE_PAUSE_MAX_SECONDS), 1.0)


def next_job(account, now=None) -> tuple[Job, datetime.datetime] | None:
    """The job the account goes to next, and when: the first due by the end of the account's
    pause (oldest first), else the one due soonest."""
    now = now or timezone.now()
    runnable = Job.objects.filter(account=account, state__in=RUNNABLE)
    key = account_key(account.domain, account.vinted_user_id)
    free_at = now + datetime.timedelta(seconds=pacing.wait_before_write(key))
    job = runnable.filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=free_at)).order_by("pk").first()
    if job is not None:
        return job, free_at
    job = runnable.order_by("next_attempt_at", "pk").first()
    return (job, job.next_attempt_at) if job is not None else None


def claimable_early(job: Job, at: datetime.datetime) -> bool:
    """Whether the engine claims `job` at `at`: it is due by then, or only waits for the pause, which
    the run sleeps out itself (engine.claim gives a paused job the same early start)."""
    return job.next_attempt_at is None or job.next_attempt_at <= at or job.error_code == "pause"


def hand_over(account, now=None) -> Job | None:
    """Send the account's next job (see the module doc). Never raises: the dispatcher catches up."""
    try:
        return _hand_over(account, now or timezone.now())
    except Exception:
        log.exception("could not hand vinted account %s over to its next job", account.pk)
        return None


def _hand_over(account, now) -> Job | None:
    from .tasks import run_job

    found = next_job(account, now)
    if found is None:
        return None
    job, at = found
    early = datetime.timedelta(seconds=early_seconds())
    if at - early > now and claimable_early(job, at - early):
        at -= early
    wait = (at - now).total_seconds()  # after the early start, if any
    if wait > settings.VINTED_HANDOFF_MAX_WAIT_SECONDS:
        return None
    schema = connection.schema_name
    with transaction.atomic():
        updated = JobDispatch.objects.filter(channel=Job.CHANNEL, tenant_schema=schema, job_id=job.pk).update(
            due_at=max(at, now) + redispatch_grace(), updated_at=now
        )
        if not updated:
            return None  # finished meanwhile
        send = functools.partial(run_job.apply_async, (schema, job.pk), countdown=wait if wait > 0 else None)
        transaction.on_commit(send)
    return job
