"""The beat side: send due jobs from the public index, and queue the periodic wardrobe syncs."""

import functools
import logging

from django.db import connection, transaction
from django.utils import timezone

from ..ledger.models import JobDispatch
from .state import redispatch_grace

log = logging.getLogger(__name__)
BATCH = 500


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


def queue_periodic_syncs() -> int:
    """A sync job for every connected account of every active shop that has none in progress."""
    from django_tenants.utils import get_tenant_model, tenant_context

    from ..models import VintedAccount
    from .models import Job
    from .services import JobRefused, request_sync

    queued = 0
    for tenant in get_tenant_model().objects.shops().filter(status="active"):
        with tenant_context(tenant):
            for account in VintedAccount.objects.filter(status=VintedAccount.Status.CONNECTED):
                if Job.objects.filter(account=account, action=Job.Action.SYNC, state__in=Job.ACTIVE).exists():
                    continue
                try:
                    request_sync(account)
                    queued += 1
                except JobRefused:
                    pass
    connection.set_schema_to_public()
    return queued
