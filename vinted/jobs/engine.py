"""Running one job: claim it under a row lock, hold the account, run its steps, record the outcome.

Claim and every record are short transactions; no transaction is open while a request is in
flight (docs/decisions/0009-exactly-once-jobs-and-reconciliation.md). Before a request that
creates or deletes something, the job stores an `inflight` marker; if the worker dies before the
answer is recorded, the next run finds the marker and reconciles against the wardrobe instead of
sending again. The run's building blocks (Run, Stop, raise_for) are in runtime.py.
"""

import datetime
import logging
import time

import redis
from django.conf import settings
from django.db import InterfaceError, OperationalError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from channels import jobs as channel_jobs

from .. import services as vinted_services
from ..models import VintedAccount
from . import handoff, pacing, steps
from .models import Job, JobEvent
from .runtime import BUSY, CHALLENGE, SESSION_EXPIRED, TOO_MANY_ATTEMPTS, Ambiguous, Run, Stop, lease
from .state import after_move, event, key_of, move, redispatch_grace

log = logging.getLogger(__name__)
S = Job.State
# Runs that ended in one of these count as attempts: an error worth retrying. Waiting for the
# account, the budget, a pause or a session is not an attempt, however often it happens.
COUNTED = frozenset({"transient", "read_failed", "error", "worker_lost"})
CONNECTION_LOST_RETRY_SECONDS = 5
RECORD_RETRY_WAITS = (0, 0.5, 1, 2, 4, 4, 4, 4)  # about 20 s in all


# --- claim ---------------------------------------------------------------------------------


def claim(job_id: int) -> Job | None:
    job, _before = channel_jobs.claim(
        Job,
        job_id,
        lease=lease(),
        grace=redispatch_grace(),
        after=after_move,
        related=("account", "product"),
        early=_early,
        lost=_lost,
        refuse=_too_many_attempts,
        error_code="",
        errors=[],
    )
    return job


def _early(job: Job) -> datetime.timedelta:
    # A job that only waits for the account's pause starts early and sleeps the rest (handoff).
    return datetime.timedelta(seconds=handoff.early_seconds() if job.error_code == "pause" else 0)


def _lost(job: Job, move) -> None:
    move(
        job,
        S.UNKNOWN,
        gettext_noop("The worker stopped during this job: checking Vinted before sending anything again."),
        error_code="worker_lost",
        next_attempt_at=None,
        attempts=job.attempts + 1,
    )


def _too_many_attempts(job: Job, move) -> bool:
    if job.attempts >= settings.VINTED_JOB_MAX_ATTEMPTS and not job.remote.get("inflight"):
        move(job, S.FAILED, TOO_MANY_ATTEMPTS, error_code="attempts")
        return True
    return False


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
                state, message, code = S.FAILED, TOO_MANY_ATTEMPTS, "attempts"
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
        if stop.state == S.WAITING_RECONNECT:
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
            S.WAITING_RECONNECT,
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
        _record(
            job,
            Stop(
                S.PENDING if not job.remote.get("inflight") else S.UNKNOWN,
                BUSY,
                code="busy",
            ),
        )
        if not lock.taken():
            # The holder let go between our try and our release, and may have found no one due.
            handoff.hand_over(job.account)
        return
    client, outcome, session_saved = None, None, False
    try:
        client = _client(job)
        _run_steps(Run(job, client, lock))
    except Stop as stop:
        outcome = stop
    except Exception as error:
        log.exception("vinted job %s crashed", job.public_id)
        outcome = _crashed(job, error)
    finally:
        # The account goes back before the outcome is recorded, whatever fails: a run crashed by a
        # lost database must not hold it while the database comes back. The session a run
        # refreshed is kept first when the database answers (a next job needs it); a dead
        # connection fails that at once, and it is kept once the connection is back.
        session_saved = client is None or _save_session(job, client)
        lock.release()
    if not session_saved:
        _reconnect()
        _save_session(job, client)
    if outcome is not None:
        _record(job, outcome)
    handoff.hand_over(job.account)


def _crashed(job: Job, error: Exception) -> Stop:
    state = S.UNKNOWN if job.remote.get("inflight") else S.PENDING
    # The database or Redis went away under the run (a restart): tried again once it is back,
    # within seconds; any other error waits a minute.
    lost = isinstance(error, (InterfaceError, OperationalError, redis.ConnectionError))
    return Stop(
        state,
        gettext_noop("An unexpected error stopped the job; it will be tried again."),
        code="error",
        at=timezone.now() + datetime.timedelta(seconds=CONNECTION_LOST_RETRY_SECONDS if lost else 60),
    )


def _save_session(job: Job, client) -> bool:
    try:
        vinted_services.save_session_changes(VintedAccount.objects.get(pk=job.account_id), client)
        return True
    except (InterfaceError, OperationalError):
        return False


def _reconnect() -> None:
    """Drop a connection the database closed (a restart): the next query opens a new one, with
    the shop's search path set again."""
    # Not close_old_connections(): inside a transaction (a test's) it would close a healthy one.
    if connection.connection is not None and not connection.is_usable():
        connection.close()


def _record(job: Job, stop: Stop) -> bool:
    """Record how the run ended, reconnecting while the database comes back (a restart takes
    seconds). If it stays away, the job keeps its lease: the next claim after it treats the job as
    a dead worker's and reconciles it."""
    for wait in RECORD_RETRY_WAITS:
        try:
            release(job, stop)
            return True
        except (InterfaceError, OperationalError) as error:
            log.warning("could not record the end of vinted job %s (%s); reconnecting", job.public_id, error)
            time.sleep(wait)
            _reconnect()
    log.error("gave up recording the end of vinted job %s: its lease expires", job.public_id)
    return False


def _client(job: Job):
    account = VintedAccount.objects.get(pk=job.account_id)
    if account.status == VintedAccount.Status.EXPIRED:
        raise Stop(
            S.WAITING_RECONNECT,
            SESSION_EXPIRED,
            code="session_expired",
        )
    try:
        return vinted_services.client_for(account)
    except vinted_services.AccountUnavailable:
        if account.status == VintedAccount.Status.CHALLENGE_REQUIRED:
            raise Stop(
                S.NEEDS_ATTENTION,
                CHALLENGE,
                code="bot_challenge",
            ) from None
        raise Stop(
            S.NEEDS_ATTENTION,
            gettext_noop("This Vinted account is disconnected: reconnect it, then retry."),
            code="disconnected",
        ) from None


def _run_steps(run: Run) -> None:
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
