"""The beat side: send due jobs from the public index, and queue the periodic wardrobe syncs from theirs."""

import datetime
import functools
import logging
from collections import defaultdict

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from ..ledger.models import JobDispatch, SyncSchedule
from . import schedule
from .schedule import SYNC_SLACK, sync_interval
from .state import redispatch_grace

log = logging.getLogger(__name__)
BATCH = 500
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
    """Hand every due job to the broker once; runs on public.

    A row is claimed with skip_locked (two beats never send the same row) and pushed
    forward by the redispatch grace: if the message is lost (broker restart), the job is sent
    again then; if it arrives twice, the job's own claim makes the second one a no-op.
    """
    from .tasks import run_job

    connection.set_schema_to_public()
    now = now or timezone.now()
    with transaction.atomic():
        rows = list(
            JobDispatch.objects.select_for_update(skip_locked=True).filter(due_at__lte=now).order_by("due_at")[:BATCH]
        )
        for row in rows:
            row.due_at = now + redispatch_grace()
            row.save(update_fields=["due_at", "updated_at"])
            transaction.on_commit(functools.partial(run_job.delay, row.tenant_schema, row.job_id))
    if rows:
        log.info("dispatched %s due vinted jobs", len(rows))
    return len(rows)


def claim_due_syncs(now=None) -> tuple[list[list[tuple[str, int]]], datetime.datetime | None]:
    """Claims up to VINTED_SYNC_TICK_MAX due rows of the public index and splits them into batches of
    VINTED_SYNC_BATCH accounts (more when a shop's accounts would be split: they stay together);
    runs on public.

    The claim is a lease: the rows are taken with skip_locked (two beats never take the same row)
    and pushed one beat interval forward, to `lease`. A batch that is never run (its message lost,
    its worker killed) finds its rows due again at the first tick after the lease; a batch run late,
    after a newer tick took its rows again, finds them at another lease and leaves them to that tick's.
    """
    connection.set_schema_to_public()
    now = now or timezone.now()
    lease = now + schedule.beat_interval()
    with transaction.atomic():
        rows = list(
            SyncSchedule.objects.select_for_update(skip_locked=True)
            .filter(next_sync_at__lte=now)
            .order_by("next_sync_at")
            .values_list("pk", "tenant_schema", "account_id")[: settings.VINTED_SYNC_TICK_MAX]
        )
        if not rows:
            return [], None
        SyncSchedule.objects.filter(pk__in=[pk for pk, _schema, _account in rows]).update(next_sync_at=lease)
    batches, size = [], max(1, settings.VINTED_SYNC_BATCH)
    for _pk, schema, account_id in sorted(rows, key=lambda row: (row[1], row[2])):
        if not batches or (len(batches[-1]) >= size and batches[-1][-1][0] != schema):
            batches.append([])
        batches[-1].append((schema, account_id))
    return batches, lease


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
    wanted = {(schema, int(account_id)) for schema, account_id in accounts}
    candidates = SyncSchedule.objects.filter(
        next_sync_at=lease,
        tenant_schema__in={schema for schema, _account in wanted},
        account_id__in={account for _schema, account in wanted},
    )
    row_of = {(row.tenant_schema, row.account_id): row for row in candidates}
    by_schema = defaultdict(set)
    for schema, account_id in row_of.keys() & wanted:
        by_schema[schema].add(account_id)
    shops = get_tenant_model().objects.shops().filter(status="active", schema_name__in=by_schema)
    open_shops = {shop.schema_name: shop for shop in shops}
    idle = datetime.timedelta(seconds=settings.VINTED_SYNC_INTERVAL_SECONDS)
    queued, moved = 0, []
    for schema, account_ids in sorted(by_schema.items()):
        shop = open_shops.get(schema)
        if shop is None:  # suspended (or gone): looked at again hourly, not every tick
            SyncSchedule.objects.filter(tenant_schema=schema, account_id__in=account_ids).update(
                next_sync_at=now + idle
            )
            continue
        with tenant_context(shop):
            accounts_ = list(VintedAccount.objects.filter(pk__in=account_ids))
            gone = account_ids - {account.pk for account in accounts_}
            if gone:
                SyncSchedule.objects.filter(tenant_schema=schema, account_id__in=gone).delete()
            for account in accounts_:
                if account.status != VintedAccount.Status.CONNECTED:
                    schedule.refresh(account)
                    continue
                at = schedule.next_sync_at(account, now)
                if at is None or at > now:
                    row = row_of[schema, account.pk]
                    row.next_sync_at = at
                    moved.append(row)
                    continue
                try:
                    request_sync(account)
                    queued += 1
                except JobRefused:
                    pass  # e.g. a check pending on Vinted: asked again after the lease
    connection.set_schema_to_public()
    # Rows that were early, moved in one statement: a tick after many listings stopped being live
    # (or after the data migration that made every row due) costs a round trip less per account
    # (an update, not an upsert: a row deleted meanwhile, its account disconnected, stays deleted).
    SyncSchedule.objects.bulk_update(moved, ["next_sync_at"])
    if queued:
        log.info("queued %s periodic vinted syncs", queued)
    return queued
