"""The beat side: send due jobs from the public index, and queue the periodic wardrobe syncs."""

import datetime
import functools
import logging
import math

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from ..ledger.models import JobDispatch
from .state import redispatch_grace

log = logging.getLogger(__name__)
BATCH = 500
WARDROBE_PAGE = 96  # items per wardrobe page a sync reads (vinted.client.api.VintedClient.wardrobe)
# An account is due this much before its interval ends: beat ticks at the interval itself, and a
# tick a little early must not push the sync back a whole interval.
SYNC_SLACK = datetime.timedelta(seconds=5)


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


def sync_interval(account) -> datetime.timedelta:
    """How long after its last sync an account is read again. With live listings, often (a sale there
    must end the product's listings elsewhere within minutes: docs/publishing.md, "Sold detection"),
    but never more wardrobe pages per hour than VINTED_SYNC_READS_PER_HOUR; without, hourly."""
    from .models import Listing

    idle = datetime.timedelta(seconds=settings.VINTED_SYNC_INTERVAL_SECONDS)
    rows = Listing.objects.filter(account=account, item_id__isnull=False).exclude(status=Listing.Status.DELETED)
    if not settings.VINTED_LIVE_SYNC_INTERVAL_SECONDS or not rows.filter(status=Listing.Status.PUBLISHED).exists():
        return idle
    pages = max(1, math.ceil(rows.count() / WARDROBE_PAGE))
    seconds = max(
        settings.VINTED_LIVE_SYNC_INTERVAL_SECONDS, 3600 * pages / max(1, settings.VINTED_SYNC_READS_PER_HOUR)
    )
    return min(idle, datetime.timedelta(seconds=seconds))


def queue_periodic_syncs(now=None) -> int:
    """A sync job for every connected account of every active shop whose last sync is older than its
    interval (sync_interval) and that has none in progress."""
    from django_tenants.utils import get_tenant_model, tenant_context

    from ..models import VintedAccount
    from .models import Job
    from .services import JobRefused, request_sync

    now = now or timezone.now()
    queued = 0
    for tenant in get_tenant_model().objects.shops().filter(status="active"):
        with tenant_context(tenant):
            for account in VintedAccount.objects.filter(status=VintedAccount.Status.CONNECTED):
                last = (
                    Job.objects.filter(account=account, action=Job.Action.SYNC)
                    .order_by("-created_at")
                    .values("state", "created_at")
                    .first()
                )
                if last is not None and (
                    last["state"] in Job.ACTIVE or now - last["created_at"] < sync_interval(account) - SYNC_SLACK
                ):
                    continue
                try:
                    request_sync(account)
                    queued += 1
                except JobRefused:
                    pass
    connection.set_schema_to_public()
    return queued
