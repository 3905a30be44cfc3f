"""The public index of when each connected Vinted account is next due a periodic sync
(channels.PollSchedule, channel "vinted"): it follows the accounts, their sync jobs and their live listings, and
the beat tick reads only its due rows."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import tenant_context

from channels.models import PollSchedule
from tenants import provisioning
from tests.factories import make_shop
from vinted import services as vinted_services
from vinted.client import Kind, Outcome
from vinted.jobs import dispatch, services
from vinted.jobs.models import Job, Listing
from vinted.models import VintedAccount

from .conftest import publishable

pytestmark = pytest.mark.django_db


@pytest.fixture
def intervals(settings):
    settings.VINTED_SYNC_INTERVAL_SECONDS, settings.VINTED_LIVE_SYNC_INTERVAL_SECONDS = 3600, 60
    settings.VINTED_SYNC_READS_PER_HOUR = 720


def row_of(account, schema=None):
    schema = schema or connection.schema_name
    return PollSchedule.objects.filter(channel="vinted", tenant_schema=schema, account_id=account.pk).first()


@pytest.fixture
def synced(account, run_job, shop_a, intervals):
    """Shop A's account just after a completed sync."""
    job = run_job(services.request_sync(account, user=shop_a.owner))
    assert job.state == "completed", job.message
    return job


def test_connect_indexes_the_account_due_at_once(account):
    row = row_of(account)
    assert row is not None and row.next_at <= timezone.now()


def test_disconnect_or_a_session_refused_by_vinted_removes_the_row_and_reconnecting_brings_it_back(account):
    vinted_services.disconnect(account)
    assert row_of(account) is None
    account.status = VintedAccount.Status.CONNECTED
    account.save()
    assert row_of(account) is not None
    vinted_services.note_outcome(account, Outcome(kind=Kind.SESSION_EXPIRED, status=401))
    assert VintedAccount.objects.get(pk=account.pk).status == "expired" and row_of(account) is None


def test_sync_job_nulls_the_row_and_its_end_sets_the_next_time_after_its_interval(account, run_job, shop_a, intervals):
    job = services.request_sync(account, user=shop_a.owner)
    assert row_of(account).next_at is None
    job = run_job(job)
    assert job.state == "completed"
    expected = job.created_at + datetime.timedelta(seconds=3600) - dispatch.SYNC_SLACK
    assert row_of(account).next_at == expected  # no live listing: hourly


def test_listing_going_live_brings_the_next_sync_forward_to_the_live_interval(account, synced):
    Listing.objects.create(product=publishable(), account=account, item_id=1, status="published")
    assert row_of(account).next_at == synced.created_at + datetime.timedelta(seconds=55)


def test_listing_no_longer_live_is_seen_by_the_tick_which_only_moves_the_row(account, synced, shop_a):
    listing = Listing.objects.create(product=publishable(), account=account, item_id=1, status="published")
    listing.status = "sold"
    listing.save()
    assert row_of(account).next_at == synced.created_at + datetime.timedelta(seconds=55)  # early: allowed
    connection.set_schema_to_public()
    assert dispatch.queue_periodic_syncs(now=timezone.now() + datetime.timedelta(seconds=90)) == 0
    with tenant_context(shop_a.tenant):
        assert row_of(account).next_at == synced.created_at + datetime.timedelta(seconds=3595)
        assert Job.objects.filter(account=account, action="sync").count() == 1


def test_tick_with_nothing_due_opens_no_shop_and_reads_only_the_index(account, synced, monkeypatch):
    import django_tenants.utils

    def no_shop(*args, **kwargs):
        raise AssertionError("a tick with nothing due opened a shop")

    monkeypatch.setattr(django_tenants.utils, "tenant_context", no_shop)
    connection.set_schema_to_public()
    with CaptureQueriesContext(connection) as queries:
        assert dispatch.queue_periodic_syncs() == 0
    sql = [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert all(s == 'SET search_path = "public"' for s in sql if s.startswith("SET")), sql  # no shop schema
    reads = [s for s in sql if not s.startswith("SET")]
    assert len(reads) == 1 and "channels_pollschedule" in reads[0], reads


def test_due_accounts_of_several_shops_get_exactly_one_sync_job_each(account, shop_a, shop_b):
    with tenant_context(shop_b.tenant):
        other = VintedAccount.objects.create(
            domain="www.vinted.fr", vinted_user_id=777, login="b-seller", sealed_session="sealed"
        )
    connection.set_schema_to_public()
    assert dispatch.queue_periodic_syncs() == 2
    assert dispatch.queue_periodic_syncs(now=timezone.now() + datetime.timedelta(minutes=5)) == 0
    for shop, acc in ((shop_a, account), (shop_b, other)):
        with tenant_context(shop.tenant):
            assert Job.objects.filter(account=acc, action="sync").count() == 1
            assert row_of(acc).next_at is None  # until the sync ends


def test_suspended_shop_is_not_synced_and_its_rows_wait_an_hour(account, shop_a, intervals):
    tenant = shop_a.tenant
    tenant.status = "suspended"
    tenant.save(update_fields=["status"])
    connection.set_schema_to_public()
    now = timezone.now()
    assert dispatch.queue_periodic_syncs(now=now) == 0
    assert row_of(account, tenant.schema_name).next_at == now + datetime.timedelta(seconds=3600)
    with tenant_context(tenant):
        assert not Job.objects.filter(action="sync").exists()


def test_closing_a_shop_removes_its_rows(django_capture_on_commit_callbacks, account, shop_a):
    gone = make_shop("gone")
    with tenant_context(gone.tenant):
        VintedAccount.objects.create(domain="www.vinted.fr", vinted_user_id=778, login="gone", sealed_session="x")
    connection.set_schema_to_public()
    assert PollSchedule.objects.filter(channel="vinted", tenant_schema=gone.tenant.schema_name).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        provisioning.delete_shop(gone.tenant)
    assert not PollSchedule.objects.filter(channel="vinted", tenant_schema=gone.tenant.schema_name).exists()
    assert row_of(account, shop_a.tenant.schema_name) is not None
