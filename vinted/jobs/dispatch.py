"""The beat side: send due jobs from the public index, and queue the periodic wardrobe syncs from theirs."""

import datetime
import logging
from collections import defaultdict

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from channels import jobs as channel_jobs

from ..ledger.models import SyncSchedule
from . import schedule
from .models import Job
from .schedule import SYNC_SLACK, sync_interval
from .state import redispatch_grace

CHANNEL = Job.CHANNEL

log = logging.getLogger(__name__)
BATCH = 500
__all__ = ["SYNC_SLACK", "dispatch_due", "queue_periodic_syncs", "sync_interval"]


def dispatch_due(now=None) -> int:
    """Hand every due Vinted job to the broker once (channels.jobs.dispatch_due); runs on public.

    A row pushed forward by the redispatch grace is sent again then if the message is lost (broker
    restart); if it arrives twice, the job's own claim makes the second one a no-op.
    """
    from .tasks import run_job

    return channel_jobs.dispatch_due(CHANNEL, run_job.delay, grace=redispatch_grace(), now=now)


def queue_periodic_syncs(now=None) -> int:
    """A sync job for every connected account whose row in the public index (SyncSchedule) is due;
    runs on public and opens only the shops of those accounts.

    Due rows are claimed with skip_locked and pushed one beat interval forward (a tick that dies
    midway comes back to them). In the shop, the account's due time is computed again from its jobs
    and listings: if it is due, the sync is asked for (its job nulls the row until it ends);
    if not (the row was early), the row is only moved to the exact time.
    """
    from django_tenants.utils import get_tenant_model, tenant_context

    from ..models import VintedAccount
    from .services import JobRefused, request_sync

    connection.set_schema_to_public()
    now = now or timezone.now()
    with transaction.atomic():
        rows = list(
            SyncSchedule.objects.select_for_update(skip_locked=True)
            .filter(next_sync_at__lte=now)
            .order_by("next_sync_at")[:BATCH]
        )
        if not rows:
            return 0
        SyncSchedule.objects.filter(pk__in=[row.pk for row in rows]).update(next_sync_at=now + schedule.beat_interval())
    by_schema, row_of = defaultdict(set), {}
    for row in rows:
        by_schema[row.tenant_schema].add(row.account_id)
        row_of[row.tenant_schema, row.account_id] = row
    shops = get_tenant_model().objects.shops().filter(status="active", schema_name__in=by_schema)
    open_shops = {shop.schema_name: shop for shop in shops}
    idle = datetime.timedelta(seconds=settings.VINTED_SYNC_INTERVAL_SECONDS)
    queued, moved = 0, []
    for schema, account_ids in by_schema.items():
        shop = open_shops.get(schema)
        if shop is None:  # suspended (or gone): looked at again hourly, not every tick
            SyncSchedule.objects.filter(tenant_schema=schema, account_id__in=account_ids).update(
                next_sync_at=now + idle
            )
            continue
        with tenant_context(shop):
            accounts = list(VintedAccount.objects.filter(pk__in=account_ids))
            gone = account_ids - {account.pk for account in accounts}
            if gone:
                SyncSchedule.objects.filter(tenant_schema=schema, account_id__in=gone).delete()
            for account in accounts:
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
                    pass  # e.g. a check pending on Vinted: asked again next tick (the claim above)
    connection.set_schema_to_public()
    # Rows that were early, moved in one statement: a tick after many listings stopped being live
    # (or after the data migration that made every row due) costs a round trip less per account
    # (an update, not an upsert: a row deleted meanwhile, its account disconnected, stays deleted).
    SyncSchedule.objects.bulk_update(moved, ["next_sync_at"])
    if queued:
        log.info("queued %s periodic vinted syncs", queued)
    return queued
