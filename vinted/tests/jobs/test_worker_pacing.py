"""Publishing under real pacing, through a real worker: pauses longer than the inline maximum, so
every pause is scheduled and the job resumes after it. The clock is fast (pauses of 0.3-0.4 s for an
inline maximum of 0.2 s, where production has 20-50 s for 3 s): the same path, in seconds."""

import time

import pytest
from django_tenants.utils import tenant_context

from vinted.jobs.models import Job

from .conftest import publish
from .worker import connect_account, start_worker, wait_for

pytestmark = [pytest.mark.committed, pytest.mark.django_db(transaction=True)]

FAST_PACING = {
    "VINTED_SANDBOX_REQUEST_DELAY_MIN": 0.3,
    "VINTED_SANDBOX_REQUEST_DELAY_MAX": 0.4,
    "VINTED_INLINE_PAUSE_MAX_SECONDS": 0.2,
}


@pytest.fixture
def shop(worker_shop):
    return worker_shop("p")


def _finished(count):
    return lambda jobs: len(jobs) == count and all(job.state in Job.TERMINAL for job in jobs)


def test_twelve_photo_listing_with_scheduled_pauses_completes_without_counting_the_pauses(shop, sandbox, redis_client):
    seller = sandbox.create_seller("pacing-twelve")
    account = connect_account(shop, sandbox, seller)
    worker = start_worker(sandbox, **FAST_PACING)
    try:
        publish(shop, account, 1, photos=12)
        [job] = wait_for(shop, _finished(1), timeout=60, what="the 12-photo listing")
    finally:
        worker.stop()
    assert job.state == "completed", job.message
    assert job.attempts == 0
    assert (job.photos_done, job.photos_total) == (12, 12)
    assert len(sandbox.listings(seller["id"])) == 1
    assert sandbox.mutating_count(seller["id"]) == 13
    with tenant_context(shop.tenant):
        paused = job.events.filter(to_state="pending", message__startswith="Pausing").count()
    assert paused >= 10  # the pauses were scheduled, not slept


def test_batch_of_eight_on_a_small_budget_with_pacing_completes_and_waiting_is_no_attempt(shop, sandbox, redis_client):
    seller = sandbox.create_seller("pacing-budget")
    account = connect_account(shop, sandbox, seller)
    worker = start_worker(sandbox, VINTED_RATE_LIMIT_MAX=5, VINTED_RATE_LIMIT_WINDOW_SECONDS=3, **FAST_PACING)
    try:
        publish(shop, account, 8)
        jobs = wait_for(shop, _finished(8), timeout=90, what="the batch of 8")
    finally:
        worker.stop()
    assert [job.state for job in jobs] == ["completed"] * 8, [(j.state, j.message) for j in jobs]
    assert [job.attempts for job in jobs] == [0] * 8
    assert len(sandbox.listings(seller["id"])) == 8
    with tenant_context(shop.tenant):
        waited = Job.objects.filter(events__to_state="waiting_rate_limit").distinct().count()
    assert waited >= 1  # the budget really ran out on the way


def test_batch_goes_job_after_job_without_waiting_for_the_dispatcher(shop, sandbox, redis_client):
    seller = sandbox.create_seller("handoff")
    account = connect_account(shop, sandbox, seller)
    # Two processes, so jobs of the batch find the account busy; the dispatcher ticks once an hour
    # (its first tick is at start): only the hand-over can make the batch flow within the wait.
    worker = start_worker(
        sandbox, concurrency=2, VINTED_DISPATCH_INTERVAL_SECONDS=3600, VINTED_JOB_REDISPATCH_SECONDS=3600
    )
    try:
        time.sleep(0.5)  # past the worker's first beat tick
        jobs = publish(shop, account, 8)
        jobs = wait_for(shop, _finished(8), timeout=120, what="the batch of 8")
    finally:
        worker.stop()
    assert [job.state for job in jobs] == ["completed"] * 8
    by_finish = [job.pk for job in sorted(jobs, key=lambda job: job.finished_at)]
    assert by_finish == [job.pk for job in jobs]  # first product first
