"""The public index of when each connected eBay account's orders are next read (channels.PollSchedule,
channel "ebay"): it follows the accounts, their polls and their live listings, and the beat tick reads
only its due rows and opens no shop schema."""

import datetime
import importlib

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import tenant_context

from catalog.models import Product
from catalog.tests.factories import ProductFactory
from channels.models import PollSchedule
from ebay import orders, poll_schedule, services, tasks, tokens
from ebay.jobs.models import EbayListing
from ebay.models import EbayAccount
from tenants import provisioning

pytestmark = pytest.mark.django_db
HOUR, MINUTE = datetime.timedelta(hours=1), datetime.timedelta(seconds=60)


@pytest.fixture
def intervals(settings):
    settings.EBAY_ORDERS_POLL_SECONDS, settings.EBAY_ORDERS_IDLE_POLL_SECONDS = 60, 3600


@pytest.fixture
def account(ebay_account, shop_a, intervals):
    with tenant_context(shop_a.tenant):
        yield EbayAccount.objects.get(pk=ebay_account.pk)


@pytest.fixture
def sent(monkeypatch):
    """The polls the tick asks for, instead of broker messages."""
    calls = []
    monkeypatch.setattr(tasks.poll_orders, "delay", lambda *args: calls.append(args))
    return calls


def row_of(account, schema):
    return PollSchedule.objects.filter(channel="ebay", tenant_schema=schema, account_id=account.pk).first()


def checked(account, moment) -> None:
    EbayAccount.objects.filter(pk=account.pk).update(orders_checked_at=moment)
    account.orders_checked_at = moment
    poll_schedule.refresh(account)


def live_listing(account) -> EbayListing:
    product = ProductFactory(sku="LIVE1", stock=1, status=Product.Status.LISTED, listed_at=timezone.now())
    return EbayListing.objects.create(product=product, account=account, status=EbayListing.Status.PUBLISHED)


def test_connect_indexes_the_account_due_at_once(account, shop_a):
    row = row_of(account, shop_a.tenant.schema_name)
    assert row is not None and row.next_at <= timezone.now()


def test_revoked_consent_or_disconnect_removes_the_row_and_reconnecting_brings_it_back(account, shop_a):
    schema = shop_a.tenant.schema_name
    tokens.mark_reconnect_needed(account, "invalid_grant")
    assert EbayAccount.objects.get(pk=account.pk).status == "reconnect_needed" and row_of(account, schema) is None
    account.status = EbayAccount.Status.CONNECTED
    account.save()
    assert row_of(account, schema) is not None
    services.disconnect(account)
    assert row_of(account, schema) is None


def test_poll_of_an_idle_account_sets_the_next_one_an_hour_later(account, shop_a, ebay_sandbox):
    from ebay import orders

    result = orders.poll_account(account)
    assert result.complete
    assert row_of(account, shop_a.tenant.schema_name).next_at == account.orders_checked_at + HOUR - poll_schedule.SLACK


def test_listing_going_live_brings_the_next_poll_forward_to_the_live_interval(account, shop_a):
    moment = timezone.now()
    checked(account, moment)
    assert row_of(account, shop_a.tenant.schema_name).next_at == moment + HOUR - poll_schedule.SLACK
    live_listing(account)
    assert row_of(account, shop_a.tenant.schema_name).next_at == moment + MINUTE - poll_schedule.SLACK


def test_tick_with_nothing_due_opens_no_shop_and_reads_only_the_index(account, shop_a, sent, monkeypatch):
    import django_tenants.utils

    checked(account, timezone.now())

    def no_shop(*args, **kwargs):
        raise AssertionError("a tick with nothing due opened a shop")

    monkeypatch.setattr(django_tenants.utils, "tenant_context", no_shop)
    connection.set_schema_to_public()
    with CaptureQueriesContext(connection) as queries:
        assert tasks.poll_all_orders() == 0
    sql = [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert all(s == 'SET search_path = "public"' for s in sql if s.startswith("SET")), sql  # no shop schema
    reads = [s for s in sql if not s.startswith("SET")]
    assert len(reads) == 1 and "channels_pollschedule" in reads[0], reads
    assert sent == []


def test_due_account_is_polled_once_and_its_row_moves_to_its_next_time(account, shop_a, sent, ebay_sandbox):
    schema = shop_a.tenant.schema_name
    connection.set_schema_to_public()
    assert tasks.poll_all_orders() == 1
    assert sent == [(schema, account.pk, True)]
    assert tasks.poll_all_orders() == 0  # claimed: not sent again by the next tick
    tasks.poll_orders(*sent[0])  # the worker's side
    assert connection.schema_name == "public"
    with tenant_context(shop_a.tenant):
        polled = EbayAccount.objects.get(pk=account.pk)
        assert polled.orders_checked_at is not None and polled.orders_problem == ""
    assert row_of(account, schema).next_at == polled.orders_checked_at + HOUR - poll_schedule.SLACK


def test_account_with_a_live_listing_is_due_each_minute(account, shop_a, sent):
    moment = timezone.now()
    checked(account, moment)
    live_listing(account)
    connection.set_schema_to_public()
    assert tasks.poll_all_orders() == 0
    assert poll_schedule.queue_due_polls(lambda *args: sent.append(args), now=moment + MINUTE) == 1


def test_early_row_is_only_moved_by_the_poll_task_without_asking_ebay(account, shop_a, sent, ebay_sandbox):
    moment = timezone.now() - datetime.timedelta(minutes=2)
    checked(account, moment)
    listing = live_listing(account)
    listing.status = EbayListing.Status.ENDED
    listing.save()  # no longer live: the row stays early, allowed
    schema = shop_a.tenant.schema_name
    connection.set_schema_to_public()
    assert tasks.poll_all_orders() == 1
    before = len(ebay_sandbox.state.requests)
    tasks.poll_orders(*sent[0])
    assert len(ebay_sandbox.state.requests) == before
    assert row_of(account, schema).next_at == moment + HOUR - poll_schedule.SLACK


@pytest.mark.parametrize("seconds", [0, 1])
def test_poll_with_a_zero_or_short_interval_holds_its_lock_while_it_reads(
    account, shop_a, settings, monkeypatch, seconds
):
    """A second poll of the same account meanwhile reads nothing, and the lock of a worker that dies
    mid-poll lasts long enough for a poll to end, whatever EBAY_ORDERS_POLL_SECONDS is."""
    settings.EBAY_ORDERS_POLL_SECONDS = seconds
    schema, lock = shop_a.tenant.schema_name, f"ebay:orders-poll:{account.pk}"
    reads, lasts = [], []

    def poll_account(polled):
        reads.append(polled.pk)
        lasts.append(cache.ttl(lock))
        if len(reads) == 1:
            tasks.poll_orders(schema, polled.pk)  # another task for the same account, while this one reads

    monkeypatch.setattr(orders, "poll_account", poll_account)
    tasks.poll_orders(schema, account.pk)
    assert reads == [account.pk]
    assert lasts[0] > 4 * 60


def test_suspended_shop_is_not_polled_and_its_rows_wait_an_hour(account, shop_a, sent):
    tenant = shop_a.tenant
    tenant.status = "suspended"
    tenant.save(update_fields=["status"])
    connection.set_schema_to_public()
    now = timezone.now()
    assert poll_schedule.queue_due_polls(lambda *args: sent.append(args), now=now) == 0
    assert sent == [] and row_of(account, tenant.schema_name).next_at == now + HOUR


def test_closing_a_shop_removes_its_rows(django_capture_on_commit_callbacks, account, shop_a):
    schema = shop_a.tenant.schema_name
    connection.set_schema_to_public()
    with django_capture_on_commit_callbacks(execute=True):
        provisioning.delete_shop(shop_a.tenant)
    assert not PollSchedule.objects.filter(tenant_schema=schema).exists()


def test_migration_indexes_the_accounts_connected_before_the_index_existed(account, shop_a):
    migration = importlib.import_module("ebay.directory.migrations.0002_poll_index_connected_accounts")
    PollSchedule.objects.all().delete()
    connection.set_schema_to_public()

    class Editor:
        pass

    editor = Editor()
    editor.connection = connection
    migration.index_connected_accounts(None, editor)
    [row] = PollSchedule.objects.filter(channel="ebay", tenant_schema=shop_a.tenant.schema_name)
    assert row.account_id == account.pk and row.next_at <= timezone.now()
