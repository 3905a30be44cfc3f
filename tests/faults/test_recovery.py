"""Infrastructure faults in the middle of publishing (issue 22): PostgreSQL restarted under a job,
the broker Redis restarted with unacknowledged messages, beat stopped, and a seller's Retry after
"Too many attempts". Each test prints how long the stack took to recover."""

import signal
import time
import uuid

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django_tenants.utils import tenant_context

from tests.factories import make_shop
from vinted.jobs import pacing, services
from vinted.jobs.models import Job
from vinted.jobs.state import key_of
from vinted.tests.jobs.conftest import publish, publishable
from vinted.tests.jobs.worker import connect_account

from .conftest import DISPATCH_INTERVAL, reconnecting

pytestmark = [pytest.mark.fault, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shop(faults, committed_platform):
    """A shop of its own in the private database (each test's flush empties the tables)."""
    return make_shop(f"fault-{uuid.uuid4().hex[:6]}")


@pytest.fixture
def sandbox(faults, sandbox_server):
    sandbox_server.clear_faults()
    yield sandbox_server
    sandbox_server.clear_faults()


def _jobs(shop, ids) -> list[Job]:
    def read():
        with tenant_context(shop.tenant):
            return list(Job.objects.filter(pk__in=ids).order_by("pk"))

    return reconnecting(read)


def _wait(shop, ids, done, timeout, faults, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        jobs = _jobs(shop, ids)
        if done(jobs):
            return jobs
        time.sleep(0.2)
    states = [(j.pk, j.state, j.error_code, j.message) for j in _jobs(shop, ids)]
    raise AssertionError(f"{what} not reached in {timeout} s: {states}\n{faults.logs_text()}")


def _all_completed(jobs) -> bool:
    return all(job.state == "completed" for job in jobs)


def _report(what: str, seconds: float) -> None:
    print(f"\n[recovery] {what}: {seconds:.1f} s", flush=True)


def _new_account(shop, sandbox):
    seller = sandbox.create_seller(f"fault-{uuid.uuid4().hex[:8]}")
    return seller, reconnecting(lambda: connect_account(shop, sandbox, seller))


def test_postgres_restart_during_a_job_frees_the_account_within_seconds_and_every_job_completes(faults, shop, sandbox):
    seller, account = _new_account(shop, sandbox)
    # The photo upload takes 3 s: the database goes away while it is in flight.
    sandbox.add_fault("slow", seller_id=seller["id"], route="photos", times="once", seconds=3)
    jobs = publish(shop, account, 3)
    ids = [job.pk for job in jobs]
    _wait(shop, ids, lambda js: js[0].state == "running" and js[0].step == "photos", 30, faults, "first job sending")
    lock = pacing.AccountLock(key_of(jobs[0]))
    assert lock.taken()

    restarted = time.monotonic()
    faults.restart_postgres()
    while lock.taken() and time.monotonic() - restarted < 60:
        time.sleep(0.1)
    freed = time.monotonic() - restarted
    _report("PostgreSQL restart: account free again after", freed)
    assert freed < 15, (
        "the account stayed locked (the lease is " + str(faults.env.get("VINTED_JOB_LEASE_SECONDS")) + ")"
    )

    done = _wait(shop, ids, _all_completed, 60, faults, "every job completed")
    _report("PostgreSQL restart: every job completed after", time.monotonic() - restarted)
    assert len(sandbox.listings(seller["id"])) == 3  # nothing lost, nothing sent twice
    assert all(job.attempts <= 1 for job in done)


def test_broker_redis_restart_with_unacknowledged_messages_keeps_the_worker_and_every_job_completes(
    faults, shop, sandbox
):
    """One job sends at a time per account, so the worker (two slots) has a task running and
    waits in BRPOP for more: the moment kombu 5.7's Redis transport crashed the worker in
    restore_unacked (stoflow/broker.py). The worker must ride it out, not be restarted."""
    seller, account = _new_account(shop, sandbox)
    sandbox.add_fault("slow", seller_id=seller["id"], route="photos", seconds=1.5)
    jobs = publish(shop, account, 4)
    ids = [job.pk for job in jobs]
    _wait(shop, ids, lambda js: any(j.state == "running" for j in js), 30, faults, "a job running")
    assert faults.broker_client().hlen("unacked") >= 1  # the worker holds the running job's message
    worker = faults.children.processes["worker"]

    restarted = time.monotonic()
    faults.restart_broker(down_seconds=2)
    _wait(shop, ids, _all_completed, 90, faults, "every job completed")
    _report("broker Redis restart (2 s down): every job completed after", time.monotonic() - restarted)
    assert len(sandbox.listings(seller["id"])) == 4
    log = (faults.logs / "worker.log").read_text(errors="replace")
    assert "Unrecoverable error" not in log and "'hostname'" not in log, log[-6000:]
    assert faults.children.processes["worker"] is worker and worker.poll() is None


def test_beat_stopped_is_reported_by_health_and_recovers_when_it_is_back(faults, committed_platform):
    client = Client()
    assert client.get(reverse("health")).json() == {"status": "ok"}
    faults.restarts.names.discard("beat")  # stopped on purpose: the supervisor leaves it down
    beat = faults.children.processes["beat"]
    try:
        stopped = time.monotonic()
        beat.send_signal(signal.SIGTERM)
        beat.wait(20)
        while time.monotonic() - stopped < 30:
            body = client.get(reverse("health")).json()
            if body != {"status": "ok"}:
                break
            time.sleep(0.2)
        _report("beat stopped: /health/ reports it after", time.monotonic() - stopped)
        assert body == {"status": "down", "down": ["beat"]}
        # Three dispatch intervals without a tick, not sooner.
        assert time.monotonic() - stopped >= 2 * DISPATCH_INTERVAL
    finally:
        faults.children.start_one("beat")
        faults.restarts.names.add("beat")
    back = time.monotonic()
    while client.get(reverse("health")).json() != {"status": "ok"} and time.monotonic() - back < 30:
        time.sleep(0.2)
    _report("beat started again: /health/ ok after", time.monotonic() - back)
    assert client.get(reverse("health")).json() == {"status": "ok"}


def test_retry_after_too_many_attempts_completes_the_job_through_the_worker(faults, shop, sandbox):
    seller, account = _new_account(shop, sandbox)
    with tenant_context(shop.tenant), transaction.atomic():
        [job] = services.request_publication(account, [publishable()], user=shop.owner)
        # As after ten runs that each failed: the worker's claim stops it at once.
        Job.objects.filter(pk=job.pk).update(attempts=10)
    _wait(shop, [job.pk], lambda js: js[0].state == "failed", 30, faults, "the job failed")
    [failed] = _jobs(shop, [job.pk])
    assert failed.error_code == "attempts" and sandbox.listings(seller["id"]) == []

    asked = time.monotonic()
    with tenant_context(shop.tenant):
        services.retry_job(failed, user=shop.owner)
    [done] = _wait(shop, [job.pk], _all_completed, 30, faults, "the retried job completed")
    _report("Retry after too many attempts: completed after", time.monotonic() - asked)
    assert done.attempts == 0 and len(sandbox.listings(seller["id"])) == 1
    with tenant_context(shop.tenant):
        assert done.events.filter(message__contains="fresh count").exists()
