"""Running one eBay job: claim it, run the steps of its action, record the outcome.

Every remote id is stored as soon as eBay gives it (image URLs and the offer id on the listing, the
policies and location in `remote`). Before each write the job stores an `inflight` marker; a run that
finds one (the worker died, or the answer was lost) reads eBay first and goes on from what it finds,
never sending the write blindly again (ebay-api §4.7, §9.2). Nothing holds a transaction while a request
is in flight. The state machine, history, claim and dispatch are channels.jobs'; the run's building
blocks are in runtime.py, the actions' steps in steps.py.
"""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from channels import jobs as channel_jobs

from ..client import EbayClient
from .models import EbayJob, EbayListing
from .runtime import Ambiguous, Run, S, Stop, after_move, backoff, grace, lease, move
from .steps import ACTIONS, DONE_MESSAGES

log = logging.getLogger(__name__)
# Runs that ended in one of these count as attempts; waiting for the call limit or for the seller does not.
COUNTED = frozenset({"transient", "ambiguous", "error", "worker_lost"})
RECONCILE_AFTER = datetime.timedelta(seconds=2)


def claim(job_id: int):
    return channel_jobs.claim(EbayJob, job_id, lease=lease(), grace=grace(), after=after_move)


def run(job_id: int, client_factory=EbayClient) -> None:
    job, before = claim(job_id)
    if job is None:
        return
    if before == S.RUNNING:  # the lease ran out: the worker running it died
        _finish(job, Stop(S.PENDING, gettext_noop("Resuming after an interruption."), code="worker_lost"), retry=True)
        job, _before = claim(job_id)
        if job is None:
            return
    job = EbayJob.objects.select_related("listing", "account", "product").get(pk=job.pk)
    try:
        if job.product is None or job.listing is None:
            raise Stop(S.FAILED, gettext_noop("The product no longer exists."), code="gone")
        ACTIONS[job.action](Run(job, client_factory(job.account)))
    except Stop as stop:
        _finish(job, stop)
    except Ambiguous:
        _finish(
            job,
            Stop(
                S.UNKNOWN,
                gettext_noop("eBay did not answer clearly: Stoflow checks what happened before going on."),
                code="ambiguous",
                at=timezone.now() + RECONCILE_AFTER,
            ),
        )
    except Exception:
        log.exception("eBay job %s failed", job.public_id)
        _finish(
            job,
            Stop(S.PENDING, gettext_noop("Something went wrong; trying again shortly."), code="error"),
        )
    else:
        with transaction.atomic():
            job = EbayJob.objects.select_for_update().get(pk=job.pk)
            job.remote.pop("rate_limited", None)
            move(job, S.COMPLETED, DONE_MESSAGES[job.action], step="done", error_code="", errors=[], remote=job.remote)


def _finish(job: EbayJob, stop: Stop, *, retry: bool = False) -> None:
    remote = job.remote
    with transaction.atomic():
        job = EbayJob.objects.select_for_update().get(pk=job.pk)
        job.remote = {**job.remote, **remote}
        counted = stop.code in COUNTED
        attempts = job.attempts + (1 if counted else 0)
        at = stop.at
        if stop.state == S.PENDING and at is None:
            at = timezone.now() + (backoff(attempts) if not retry else datetime.timedelta(0))
        if counted and attempts >= settings.EBAY_JOB_MAX_ATTEMPTS and not job.remote.get("inflight"):
            move(
                job,
                S.FAILED,
                gettext_noop("Too many attempts: retry when eBay answers again."),
                attempts=attempts,
                error_code=stop.code,
            )
        else:
            move(
                job,
                stop.state,
                stop.message,
                attempts=attempts,
                next_attempt_at=at,
                error_code=stop.code,
                errors=stop.errors,
                lease_expires_at=None,
            )
        if stop.state in (S.NEEDS_ATTENTION, S.FAILED, S.WAITING_RECONNECT):
            EbayListing.objects.filter(pk=job.listing_id).update(
                last_error=stop.message[:500], updated_at=timezone.now()
            )
