"""When each connected Vinted account is next due a periodic sync, kept in the public index of
every channel's polls, `channels.PollSchedule` (channel "vinted", via channels.polls), so the beat
task (dispatch.hand_out_periodic_syncs) reads only the due rows. The rules (intervals, what is due)
are Vinted's and live here; the index only stores them.

The row is written in the caller's transaction wherever the answer can change: the account is saved
(connected, disconnected, status), a sync job of the account is created or moves, any other job of
the account finishes (its listing went live or stopped being live), a live listing is saved.
A row may be early (the tick then only moves it), never late. Its time is null while a sync of the
account is in progress: that sync's end sets it.
"""

import datetime
import math

from django.conf import settings
from django.utils import timezone

from channels import polls

from ..models import VintedAccount
from .models import Job, Listing

CHANNEL = Job.CHANNEL
WARDROBE_PAGE = 96  # items per wardrobe page a sync reads (vinted.client.api.VintedClient.wardrobe)
# An account is due this much before its interval ends: beat ticks at the interval itself, and a
# tick a little early must not push the sync back a whole interval.
SYNC_SLACK = datetime.timedelta(seconds=5)


def sync_interval(account) -> datetime.timedelta:
    """How long after its last sync an account is read again. With live listings, often (a sale there
    must end the product's listings elsewhere within minutes: docs/publishing.md, "Sold detection"),
    but never more wardrobe pages per hour than VINTED_SYNC_READS_PER_HOUR; without, hourly."""
    idle = datetime.timedelta(seconds=settings.VINTED_SYNC_INTERVAL_SECONDS)
    rows = Listing.objects.filter(account=account, item_id__isnull=False).exclude(status=Listing.Status.DELETED)
    if not settings.VINTED_LIVE_SYNC_INTERVAL_SECONDS or not rows.filter(status=Listing.Status.PUBLISHED).exists():
        return idle
    pages = max(1, math.ceil(rows.count() / WARDROBE_PAGE))
    seconds = max(
        settings.VINTED_LIVE_SYNC_INTERVAL_SECONDS, 3600 * pages / max(1, settings.VINTED_SYNC_READS_PER_HOUR)
    )
    return min(idle, datetime.timedelta(seconds=seconds))


def beat_interval() -> datetime.timedelta:
    """How often beat runs the periodic sync task (stoflow.settings, "vinted-sync-accounts")."""
    idle = settings.VINTED_SYNC_INTERVAL_SECONDS
    return datetime.timedelta(seconds=min(idle, settings.VINTED_LIVE_SYNC_INTERVAL_SECONDS or idle))


def next_sync_at(account: VintedAccount, now=None):
    """When `account` (of the current shop) is due a sync: its last sync's start + its interval,
    now if it never had one, None while one is in progress (its end decides)."""
    last = (
        Job.objects.filter(account=account, action=Job.Action.SYNC)
        .order_by("-created_at")
        .values("state", "created_at")
        .first()
    )
    if last is None:
        return now or timezone.now()
    if last["state"] in Job.ACTIVE:
        return None
    return last["created_at"] + sync_interval(account) - SYNC_SLACK


def set_row(account_id: int, at) -> None:
    # One INSERT ... ON CONFLICT DO UPDATE: this runs in every sync job's transitions and every tick.
    polls.set_row(CHANNEL, account_id, at)


def refresh(account: VintedAccount, now=None) -> None:
    """Write the account's row: only a connected account has one."""
    if account.status != VintedAccount.Status.CONNECTED:
        polls.drop(CHANNEL, account.pk)
        return
    set_row(account.pk, next_sync_at(account, now))


def on_job_moved(job: Job) -> None:
    """A job was created or changed state (vinted.jobs.state.sync_index)."""
    if job.action == Job.Action.SYNC and job.state in Job.ACTIVE:
        # One live sync per account (a unique constraint): it is the latest, nothing to read.
        if job.account.status == VintedAccount.Status.CONNECTED:
            set_row(job.account_id, None)
    elif job.action == Job.Action.SYNC or job.state in Job.TERMINAL:
        # A sync ended, or a job that may have put a listing live or taken one down ended.
        refresh(job.account)


def on_account_saved(sender, instance: VintedAccount, raw=False, update_fields=None, **kwargs) -> None:
    # A refreshed session or CSRF token (saved with update_fields, often) changes nothing here.
    if raw or (update_fields is not None and "status" not in update_fields):
        return
    refresh(instance)


def on_account_deleted(sender, instance: VintedAccount, **kwargs) -> None:
    polls.drop(CHANNEL, instance.pk)


def on_listing_saved(sender, instance: Listing, raw=False, **kwargs) -> None:
    # A listing going live may shorten the account's interval from hourly to a minute. Rows already
    # due, or null (a sync runs: its end recomputes), need nothing: one cheap query in the common case.
    if raw or instance.status != Listing.Status.PUBLISHED:
        return
    if polls.waiting_after(CHANNEL, instance.account_id, timezone.now()):
        refresh(instance.account)


def connect_signals() -> None:
    from django.db.models.signals import post_delete, post_save

    post_save.connect(on_account_saved, sender=VintedAccount, dispatch_uid="vinted-sync-schedule-account")
    post_delete.connect(on_account_deleted, sender=VintedAccount, dispatch_uid="vinted-sync-schedule-account-gone")
    post_save.connect(on_listing_saved, sender=Listing, dispatch_uid="vinted-sync-schedule-listing")
