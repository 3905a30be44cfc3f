"""Periodic syncs handed out in batches (dispatch.hand_out_periodic_syncs, the beat task): the tick
claims the due rows of the public index and sends one task per batch; a real Celery worker opens the
shops and asks for the syncs, which run on the sandbox."""

import datetime
import uuid

import pytest
from django.db import connection
from django.utils import timezone
from django_tenants.utils import tenant_context

from stoflow.celery import app as celery_app
from vinted.jobs import dispatch, schedule, tasks
from vinted.jobs.models import Job

from .worker import connect_account, start_worker, wait_for

pytestmark = [pytest.mark.committed, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def three_shops(worker_shop, sandbox, redis_client, settings):
    """Three shops with one connected sandbox account each, due a sync (never synced)."""
    settings.VINTED_SYNC_BATCH = 2
    shops = [worker_shop(f"batch{i}") for i in range(3)]
    accounts = [
        connect_account(shop, sandbox, sandbox.create_seller(f"batch-{i}-{uuid.uuid4().hex[:8]}"))
        for i, shop in enumerate(shops)
    ]
    connection.set_schema_to_public()
    return list(zip(shops, accounts, strict=True))


@pytest.fixture
def sent_batches(monkeypatch):
    """The batches the tick sends to the broker (still sent)."""
    sent = []
    original = tasks.queue_sync_batch.delay

    def delay(accounts, lease):
        sent.append([tuple(pair) for pair in accounts])
        return original(accounts, lease)

    monkeypatch.setattr(tasks.queue_sync_batch, "delay", delay)
    return sent


def _syncs(shop, account):
    with tenant_context(shop.tenant):
        return list(Job.objects.filter(account=account, action="sync").values_list("state", flat=True))


def _wait_synced(sandbox, shops_accounts):
    worker = start_worker(sandbox, concurrency=2)
    try:
        for shop, _account in shops_accounts:
            wait_for(shop, lambda jobs: any(j.action == "sync" and j.state in Job.TERMINAL for j in jobs), what="sync")
        # a batch still in the queue would have had time to ask for a second sync
        celery_app.control.ping(timeout=0.5)
    finally:
        worker.stop()


def test_due_accounts_are_handed_out_in_batches_and_each_gets_one_sync_in_the_worker(
    three_shops, sent_batches, sandbox
):
    assert dispatch.hand_out_periodic_syncs() == 3
    schemas = [[schema for schema, _account in batch] for batch in sent_batches]
    assert sorted(map(len, schemas)) == [1, 2]  # VINTED_SYNC_BATCH = 2
    assert sorted(sum(schemas, [])) == sorted(shop.tenant.schema_name for shop, _account in three_shops)
    assert dispatch.hand_out_periodic_syncs() == 0  # claimed: not handed out twice
    _wait_synced(sandbox, three_shops)
    for shop, account in three_shops:
        assert _syncs(shop, account) == ["completed"]


def test_batches_lost_before_a_worker_ran_them_are_handed_out_again_after_the_lease(three_shops, sent_batches, sandbox):
    now = timezone.now()
    assert dispatch.hand_out_periodic_syncs(now=now) == 3
    celery_app.control.purge()  # the messages are lost (a broker restarted without them)
    assert dispatch.hand_out_periodic_syncs(now=now + datetime.timedelta(seconds=30)) == 0  # within the lease
    after_lease = now + schedule.claim_lease() + datetime.timedelta(seconds=1)
    assert dispatch.hand_out_periodic_syncs(now=after_lease) == 3
    _wait_synced(sandbox, three_shops)
    for shop, account in three_shops:
        assert _syncs(shop, account) == ["completed"]


def test_a_batch_run_after_a_newer_tick_took_its_rows_again_asks_for_nothing(three_shops, sent_batches, sandbox):
    now = timezone.now()
    assert dispatch.hand_out_periodic_syncs(now=now) == 3  # these batches wait in the queue...
    after_lease = now + schedule.claim_lease() + datetime.timedelta(seconds=1)
    assert dispatch.hand_out_periodic_syncs(now=after_lease) == 3  # ...past their lease: sent again
    assert len(sent_batches) == 4
    _wait_synced(sandbox, three_shops)
    # The first batches found their rows at the newer lease and left them: one sync per account,
    # not one after the other.
    for shop, account in three_shops:
        assert _syncs(shop, account) == ["completed"]
