"""When each connected eBay account's orders are next read, kept in the public index
`channels.PollSchedule` (channel "ebay") so the beat task (tasks.poll_all_orders) reads only the due
rows and opens no shop schema.

An account with a live listing is read every EBAY_ORDERS_POLL_SECONDS (a sale there must end the
product's other listings within minutes: docs/ebay.md, "Sales"), any other every
EBAY_ORDERS_IDLE_POLL_SECONDS (a refund of an older sale still reaches the ledger). The row is written
in the caller's transaction wherever the answer can change: the account is saved (connected,
reconnect needed), deleted, a listing of it goes live, a poll of it ends. A row may be early (a
listing stopped being live: the poll task then only moves it), never late.
"""

import datetime

from django.conf import settings
from django.db import connection
from django.utils import timezone

from channels import polls

from .jobs.models import EbayListing
from .models import EbayAccount

CHANNEL = "ebay"
# Due this much before the interval ends: beat ticks at the interval itself, and a tick a moment
# early must not push the poll back a whole interval.
SLACK = datetime.timedelta(seconds=5)
LOCK_MIN = datetime.timedelta(minutes=5)


def live_interval() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.EBAY_ORDERS_POLL_SECONDS or 60)


def lock_timeout() -> int:
    """Seconds the poll's per-account lock lasts if its worker dies before releasing it: five live
    intervals, never under five minutes. A poll reads every page (each request may wait 35 s), and a
    zero timeout is no lock at all (django-redis does not set the key), so neither a short interval nor
    the schedule turned off (0) may let a second poll of the same orders start beside a slow one."""
    return int(max(live_interval() * 5, LOCK_MIN).total_seconds())


def idle_interval() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.EBAY_ORDERS_IDLE_POLL_SECONDS)


def interval(account: EbayAccount) -> datetime.timedelta:
    live = EbayListing.objects.filter(account=account, status=EbayListing.Status.PUBLISHED).exists()
    return min(live_interval(), idle_interval()) if live else idle_interval()


def next_poll_at(account: EbayAccount, now=None):
    """When `account` (of the current shop) is next due: its last poll + its interval, now if never read."""
    if account.orders_checked_at is None:
        return now or timezone.now()
    return account.orders_checked_at + interval(account) - SLACK


def refresh(account: EbayAccount, now=None) -> None:
    """Write the account's row: only a connected account has one."""
    if account.status != EbayAccount.Status.CONNECTED:
        polls.drop(CHANNEL, account.pk)
        return
    polls.set_row(CHANNEL, account.pk, next_poll_at(account, now))


def on_account_saved(sender, instance: EbayAccount, raw=False, update_fields=None, **kwargs) -> None:
    # A refreshed access token (saved with update_fields, often) changes nothing here.
    if raw or (update_fields is not None and "status" not in update_fields):
        return
    refresh(instance)


def on_account_deleted(sender, instance: EbayAccount, **kwargs) -> None:
    polls.drop(CHANNEL, instance.pk)


def on_listing_saved(sender, instance: EbayListing, raw=False, update_fields=None, **kwargs) -> None:
    # A listing going live shortens the account's interval from idle to live. A row already due soon
    # needs nothing: one cheap query in the common case.
    if raw or instance.status != EbayListing.Status.PUBLISHED:
        return
    if polls.waiting_after(CHANNEL, instance.account_id, timezone.now() + live_interval()):
        refresh(EbayAccount.objects.get(pk=instance.account_id))


def connect_signals() -> None:
    from django.db.models.signals import post_delete, post_save

    post_save.connect(on_account_saved, sender=EbayAccount, dispatch_uid="ebay-poll-schedule-account")
    post_delete.connect(on_account_deleted, sender=EbayAccount, dispatch_uid="ebay-poll-schedule-account-gone")
    post_save.connect(on_listing_saved, sender=EbayListing, dispatch_uid="ebay-poll-schedule-listing")


def queue_due_polls(send, now=None) -> int:
    """The beat side, on public: `send(schema, account_id)` for every due row of an active shop; rows
    of a suspended (or gone) shop wait an idle interval. Opens no shop schema: the poll task checks
    the account in its shop (and only moves the row when it was early)."""
    from django_tenants.utils import get_tenant_model

    connection.set_schema_to_public()
    now = now or timezone.now()
    rows = polls.claim_due(CHANNEL, now, push=min(live_interval(), idle_interval()))
    if not rows:
        return 0
    active = set(
        get_tenant_model()
        .objects.shops()
        .filter(status="active", schema_name__in={row.tenant_schema for row in rows})
        .values_list("schema_name", flat=True)
    )
    polls.postpone([row for row in rows if row.tenant_schema not in active], now + idle_interval())
    sent = 0
    for row in rows:
        if row.tenant_schema in active:
            send(row.tenant_schema, row.account_id)
            sent += 1
    return sent
