"""Reliability through a real Celery worker (with its beat dispatcher), real Redis and the sandbox over HTTP."""

import signal
import time

import pytest
from django.conf import settings as django_settings
from django_tenants.utils import tenant_context

from stoflow.celery import app as celery_app
from tests.services import RedisServer, use_broker
from vinted.jobs.models import Job, Listing
from vinted.ledger.models import VintedAttempt

from .conftest import publish
from .worker import connect_account, start_worker, wait_for

pytestmark = [pytest.mark.committed, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shop(worker_shop):
    return worker_shop("j")


def _states(jobs):
    counts = {}
    for job in jobs:
        counts[job.state] = counts.get(job.state, 0) + 1
    return counts


def test_fifty_products_on_a_budget_of_forty_send_exactly_forty_and_the_rest_wait_for_room_for_theirs(
    shop, sandbox, redis_client
):
    seller = sandbox.create_seller("budget-seller")
    account = connect_account(shop, sandbox, seller)
    worker = start_worker(sandbox, VINTED_RATE_LIMIT_MAX=40, VINTED_RATE_LIMIT_WINDOW_SECONDS=7200)
    try:
        publish(shop, account, 50)
        jobs = wait_for(shop, lambda jobs: _states(jobs) == {"completed": 20, "waiting_rate_limit": 30}, timeout=90)
        time.sleep(1.5)  # the dispatcher keeps ticking: nothing more may go out
        jobs = wait_for(shop, lambda jobs: True)
    finally:
        worker.stop()
    assert _states(jobs) == {"completed": 20, "waiting_rate_limit": 30}
    assert sandbox.mutating_count(seller["id"], window=7200) == 40
    assert len(sandbox.listings(seller["id"])) == 20
    # Each waiting job needs two requests (a photo, the create): two slots are free once the two
    # oldest attempts age out.
    sent = VintedAttempt.objects.exclude(outcome="released").order_by("reserved_at_ms")
    second_oldest = sent.values_list("reserved_at_ms", flat=True)[1]
    for job in jobs:
        if job.state == "waiting_rate_limit":
            assert abs(job.next_attempt_at.timestamp() * 1000 - (second_oldest + 7200 * 1000)) < 5


@pytest.mark.parametrize("moment", ["first_photo_in_flight", "between_photos", "before_create", "create_in_flight"])
def test_worker_killed_during_a_publish_then_restarted_gives_exactly_one_listing(shop, sandbox, redis_client, moment):
    seller = sandbox.create_seller(f"kill-{moment}")
    account = connect_account(shop, sandbox, seller)
    paced = {"VINTED_SANDBOX_REQUEST_DELAY_MIN": 1.5, "VINTED_SANDBOX_REQUEST_DELAY_MAX": 1.5}
    env, photos = {}, 3
    if moment == "first_photo_in_flight":
        sandbox.add_fault("slow", seller_id=seller["id"], route="photos", times="once", seconds=2)
    elif moment == "create_in_flight":
        sandbox.add_fault("slow", seller_id=seller["id"], route="items.create", times="once", seconds=2)
    else:
        env = paced
    worker = start_worker(sandbox, **env)
    try:
        [job] = publish(shop, account, 1, photos=photos)

        def reached(jobs):
            inflight = (jobs[0].remote or {}).get("inflight") or {}
            uploaded = len((jobs[0].remote or {}).get("photos") or {})
            return {
                "first_photo_in_flight": inflight.get("op") == "photo",
                "between_photos": uploaded == 1 and not inflight,
                "before_create": uploaded == photos and not inflight,
                "create_in_flight": inflight.get("op") == "create",
            }[moment]

        wait_for(shop, reached, timeout=30, what=moment)
        time.sleep(0.2)
        worker.kill(signal.SIGKILL)
        worker = start_worker(sandbox, **env)
        jobs = wait_for(shop, lambda jobs: jobs[0].state in Job.TERMINAL, timeout=60, what="completion")
    finally:
        worker.kill(signal.SIGKILL)
    assert jobs[0].state == "completed", jobs[0].message
    [item] = sandbox.listings(seller["id"])
    with tenant_context(shop.tenant):
        assert Listing.objects.get(account=account).item_id == item["id"]
        assert Job.objects.get(pk=job.pk).events.filter(to_state="unknown").exists()
    creates = [r for r in sandbox.request_log(seller["id"]) if r["route"] == "items.create"]
    assert len(creates) == 1


def test_redis_restarted_mid_run_never_lets_a_request_over_the_budget(shop, sandbox, settings):
    redis = RedisServer().start()
    settings.REDIS_URL = settings.CELERY_BROKER_URL = redis.url
    use_broker(celery_app, redis.url)
    seller = sandbox.create_seller("redis-restart")
    account = connect_account(shop, sandbox, seller)
    env = {
        "REDIS_URL": redis.url,
        "VINTED_RATE_LIMIT_MAX": 6,
        "VINTED_SANDBOX_REQUEST_DELAY_MIN": 0.4,
        "VINTED_SANDBOX_REQUEST_DELAY_MAX": 0.4,
    }
    worker, restarted = start_worker(sandbox, **env), []
    try:
        publish(shop, account, 6)
        deadline = time.time() + 30
        while sandbox.mutating_count(seller["id"]) < 3 and time.time() < deadline:
            time.sleep(0.05)
        redis.stop()  # no persistence: every limiter key and queued message is gone
        redis.start()

        # Celery 5.7 / kombu 5.7 exit ("Unrecoverable error" while restoring an unacknowledged
        # message) when the broker drops while the consumer waits on an empty queue; in production
        # the process manager starts the worker again, as here.
        def settled(jobs):
            if not restarted and worker.process.poll() is not None:
                use_broker(celery_app, redis.url)  # this process's broker connections died with Redis
                restarted.append(start_worker(sandbox, **env))
            return _states(jobs) == {"completed": 3, "waiting_rate_limit": 3}

        jobs = wait_for(shop, settled, timeout=60)
    finally:
        for running in [worker, *restarted]:
            running.kill(signal.SIGKILL)
        use_broker(celery_app, django_settings.CELERY_BROKER_URL)
        redis.cleanup()
    assert sandbox.mutating_count(seller["id"]) == 6
    assert len(sandbox.listings(seller["id"])) == 3
    assert all(j.next_attempt_at for j in jobs if j.state == "waiting_rate_limit")
