"""A run that dies or loses its database gives its account back at once, and Retry starts afresh."""

import datetime

import pytest
from django.db import OperationalError
from django.utils import timezone

from vinted.jobs import engine, pacing, services, steps
from vinted.jobs.models import Job
from vinted.jobs.state import key_of

from .conftest import publishable

pytestmark = pytest.mark.django_db


def _publish(account, product, user):
    [job] = services.request_publication(account, [product], user=user)
    return job


def _lock_of(job) -> pacing.AccountLock:
    return pacing.AccountLock(key_of(job))


# --- the account lock -------------------------------------------------------------------------


def test_account_lock_held_by_a_live_run_refuses_a_second_run(account, product, shop_a, redis_client):
    job = _publish(account, product, shop_a.owner)
    first, second = _lock_of(job), _lock_of(job)
    try:
        assert first.acquire(95)
        assert not second.acquire(95) and second.taken()
    finally:
        first.release()
    assert not second.taken() and second.acquire(95)
    second.release()


def test_account_lock_left_by_a_dead_run_is_taken_at_once_not_after_its_lease(account, product, shop_a, redis_client):
    job = _publish(account, product, shop_a.owner)
    lock = _lock_of(job)
    # A run whose worker was killed: its lock (95 s) is in Redis, its heartbeat is gone.
    redis_client.set(lock.key, "worker-host:4242:deadbeef", px=95_000)
    assert not lock.taken()
    assert lock.acquire(95)
    assert redis_client.get(lock.key).decode() == lock.token
    lock.release()


def test_account_lock_heartbeat_outlives_its_ttl_while_the_run_goes_on(
    account, product, shop_a, redis_client, settings
):
    settings.VINTED_RUN_HEARTBEAT_SECONDS = 0.3
    job = _publish(account, product, shop_a.owner)
    holder, other = _lock_of(job), _lock_of(job)
    assert holder.acquire(95)
    try:
        import time

        time.sleep(0.8)  # more than two heartbeat lifetimes
        assert not other.acquire(95) and other.taken()
    finally:
        holder.release()


def test_account_lock_release_never_releases_another_runs_lock(account, product, shop_a, redis_client):
    job = _publish(account, product, shop_a.owner)
    mine = _lock_of(job)
    assert mine.acquire(95)
    redis_client.set(mine.key, "another-host:1:cafe", px=95_000)  # it expired and another run took it
    mine.release()
    assert redis_client.get(mine.key) == b"another-host:1:cafe"
    assert not mine.extend(95)


# --- a database lost during a run -------------------------------------------------------------


def test_run_crashed_by_a_lost_database_frees_the_account_before_recording_then_records_the_crash(
    account, product, shop_a, redis_client, sandbox, monkeypatch
):
    """As after a PostgreSQL restart: the step, the session save and the first record all fail on
    the dead connection; the account is free before the record is tried again."""
    job = _publish(account, product, shop_a.owner)
    lock_key = _lock_of(job).key
    seen = []

    def database_gone(run):
        raise OperationalError("server closed the connection unexpectedly")

    def save_fails(account, client):
        raise OperationalError("server closed the connection unexpectedly")

    real_release = engine.release

    def release_after_reconnect(job, stop):
        seen.append(redis_client.exists(lock_key))
        if len(seen) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        real_release(job, stop)

    monkeypatch.setitem(steps.ACTIONS, Job.Action.PUBLISH, database_gone)
    monkeypatch.setattr(engine.vinted_services, "save_session_changes", save_fails)
    monkeypatch.setattr(engine, "release", release_after_reconnect)
    monkeypatch.setattr(engine.time, "sleep", lambda seconds: None)

    engine.run(job.pk)

    assert seen == [0, 0]  # the account was free before the first try to record
    job.refresh_from_db()
    assert job.state == "pending" and job.error_code == "error" and job.attempts == 1
    assert job.lease_expires_at is None
    # A lost connection is tried again within seconds, not after a minute.
    assert job.next_attempt_at <= timezone.now() + datetime.timedelta(seconds=engine.CONNECTION_LOST_RETRY_SECONDS)


def test_run_whose_database_stays_away_gives_up_recording_and_keeps_its_lease(
    account, product, shop_a, redis_client, sandbox, monkeypatch
):
    job = _publish(account, product, shop_a.owner)

    def database_gone(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setitem(steps.ACTIONS, Job.Action.PUBLISH, database_gone)
    monkeypatch.setattr(engine, "release", database_gone)
    monkeypatch.setattr(engine.time, "sleep", lambda seconds: None)

    engine.run(job.pk)

    assert not _lock_of(job).taken()
    job.refresh_from_db()
    assert job.state == "running" and job.lease_expires_at > timezone.now()  # the next claim reconciles it


# --- Retry after "Too many attempts" ----------------------------------------------------------


def test_retry_after_too_many_attempts_starts_a_fresh_count_and_completes(
    account, seller, sandbox, run_job, shop_a, settings
):
    settings.VINTED_JOB_MAX_ATTEMPTS = 2
    job = _publish(account, publishable(), shop_a.owner)
    Job.objects.filter(pk=job.pk).update(attempts=2)
    job = run_job(job)
    assert job.state == "failed" and job.error_code == "attempts"

    services.retry_job(job, user=shop_a.owner)
    job.refresh_from_db()
    assert job.attempts == 0
    assert job.events.filter(message__contains="fresh count").exists()
    job = run_job(job)
    assert job.state == "completed" and len(sandbox.listings(seller["id"])) == 1
