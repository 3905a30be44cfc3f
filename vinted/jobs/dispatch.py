"""The beat side: send due jobs from the public dispatch index, and queue the periodic wardrobe syncs
from the public poll index (channels.polls, channel "vinted"; when each account is due: schedule)."""

import datetime
import logging
from collections import defaultdict

from django.conf import settings
from django.db import connection
from django.utils import timezone

from channels import jobs as channel_jobs
from channels import polls

from . import schedule
from .models import Job
from .schedule import SYNC_SLACK, sync_interval
from .state import redispatch_grace

CHANNEL = Job.CHANNEL

log = logging.getLogger(__name__)
__all__ = [
    "SYNC_SLACK",
    "claim_due_syncs",
    "dispatch_due",
    "hand_out_periodic_syncs",
    "queue_periodic_syncs",
    "queue_syncs",
    "sync_interval",
]


def dispatch_due(now=None) -> int:
    """Hand every due Vinted job to the broker once (channels.jobs.dispatch_due); runs on public.

    A row pushed forward by the redispatch grace is sent again then if the message is lost (broker
    restart); if it arrives twice, the job's own claim makes the second one a no-op.
    """
    from .tasks import run_job

    return channel_jobs.dispatch_due(CHANNEL, run_job.delay, grace=redispatch_grace(), now=now)


def claim_due_syncs(now=None) -> tuple[list[list[tuple[str, int]]], datetime.datetime | None]:
    """Claims up to VINTED_SYNC_TICK_MAX due rows of the public poll index (channels.polls.claim_due,
    channel "vinted") and splits them into batches of VINTED_SYNC_BATCH accounts (more when a shop's
    accounts would be split: they stay together); runs on public.

    The claim is a lease: the rows are taken with skip_locked (two beats never take the same row)
    and pushed one beat interval forward, to `lease`. A batch that is never run (its message lost,
    its worker killed) finds its rows due again at the first tick after the lease; a batch run late,
    after a newer tick took its rows again, finds them at another lease and leaves them to that tick's.
    """
    connection.set_schema_to_public()
    now = now or timezone.now()
    push = schedule.beat_interval()
    rows = polls.claim_due(CHANNEL, now, push=push, batch=settings.VINTED_SYNC_TICK_MAX)
    if not rows:
        return [], None
    return polls.in_batches(rows, settings.VINTED_SYNC_BATCH), now + push


def hand_out_periodic_syncs(now=None) -> int:
    """The beat task: claims the due rows and sends one Celery task per batch (vinted.jobs.queue_syncs),
    so the tick costs two statements and a message per batch whatever the number due; the workers
    open the shops and ask for the syncs. Returns the number of accounts handed out."""
    from .tasks import queue_sync_batch

    batches, lease = claim_due_syncs(now)
    for batch in batches:
        queue_sync_batch.delay(batch, lease.isoformat())
    if batches:
        log.info("handed out %s due vinted accounts in %s batches", sum(map(len, batches)), len(batches))
    return sum(map(len, batches))


def queue_periodic_syncs(now=None) -> int:
    """Claims the due rows and queues their syncs in this process (what the workers do with the
    batches of hand_out_periodic_syncs, one after the other); returns the number of syncs asked for."""
    batches, lease = claim_due_syncs(now)
    return sum(queue_syncs(batch, lease, now) for batch in batches)


def queue_syncs(accounts: list[tuple[str, int]], lease: datetime.datetime, now=None) -> int:
    """A sync job for every account of a claimed batch that is due; runs on public and opens only
    those accounts' shops. Returns the number of syncs asked for.

    Rows no longer at `lease` are skipped: a newer tick took them again (this batch ran late) or
    their account changed meanwhile (its row was rewritten). In the shop, the account's due time is
    computed again from its jobs and listings: if it is due, the sync is asked for (its job nulls the
    row until it ends; a second ask for the same account is refused by the one-live-sync constraint);
    if not (the row was early), the row is only moved to the exact time.
    """
    from django_tenants.utils import get_tenant_model, tenant_context

    from ..models import VintedAccount
    from .services import JobRefused, request_sync

    connection.set_schema_to_public()
    now = now or timezone.now()
    row_of = polls.held(CHANNEL, accounts, lease)
    by_schema = defaultdict(set)
    for schema, account_id in row_of:
        by_schema[schema].add(account_id)
    shops = get_tenant_model().objects.shops().filter(status="active", schema_name__in=by_schema)
    open_shops = {shop.schema_name: shop for shop in shops}
    idle = datetime.timedelta(seconds=settings.VINTED_SYNC_INTERVAL_SECONDS)
    queued, moved, waiting = 0, [], []
    for schema, account_ids in sorted(by_schema.items()):
        shop = open_shops.get(schema)
        if shop is None:  # suspended (or gone): looked at again hourly, not every tick
            waiting += [row_of[schema, account_id] for account_id in account_ids]
            continue
        with tenant_context(shop):
            accounts_ = list(VintedAccount.objects.filter(pk__in=account_ids))
            gone = account_ids - {account.pk for account in accounts_}
            if gone:
                polls.drop(CHANNEL, gone, schema=schema)
            for account in accounts_:
                if account.status != VintedAccount.Status.CONNECTED:
                    schedule.refresh(account)
                    continue
                at = schedule.next_sync_at(account, now)
                if at is None or at > now:
                    row = row_of[schema, account.pk]
                    row.next_at = at
                    moved.append(row)
                    continue
                try:
                    request_sync(account)
                    queued += 1
                except JobRefused:
                    pass  # e.g. a check pending on Vinted: asked again after the lease
    connection.set_schema_to_public()
    polls.postpone(waiting, now + idle)
    # Rows that were early, moved in one statement: a tick after many listings stopped being live
    # (or after a data migration that made every row due) costs a round trip less per account.
    polls.move(moved)
    if queued:
        log.info("queued %s periodic vinted syncs", queued)
    return queued
