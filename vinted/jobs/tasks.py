"""Celery tasks of the publication engine. They take (schema_name, job_id) only: never a payload,
a cookie or a session. No long countdown or ETA goes to the broker: waiting jobs keep their
next_attempt_at; a job letting its account go hands it to the next one (jobs.handoff, a countdown
of at most VINTED_HANDOFF_MAX_WAIT_SECONDS), and the beat dispatcher (every
VINTED_DISPATCH_INTERVAL_SECONDS) sends whatever is due beyond that or was lost."""

from celery import shared_task
from django.db import connection
from django_tenants.utils import get_public_schema_name, tenant_context


@shared_task(name="vinted.jobs.run", acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def run_job(schema_name: str, job_id: int) -> None:
    if not schema_name or schema_name == get_public_schema_name():
        raise ValueError("a publication job runs in a shop's schema")
    from tenants.models import Tenant

    from . import engine

    # The shop's real row, not schema_context's stand-in: steps that create products check the
    # plan's quota on it (a wardrobe import), and the stand-in has no plan.
    tenant = Tenant.objects.shops().filter(schema_name=schema_name).first()
    if tenant is None:
        return
    with tenant_context(tenant):
        engine.run(job_id)
    connection.set_schema_to_public()


@shared_task(name="vinted.jobs.dispatch_due", ignore_result=True)
def dispatch_due() -> int:
    from . import dispatch

    return dispatch.dispatch_due()


@shared_task(name="vinted.jobs.sync_all_accounts", ignore_result=True)
def sync_all_accounts() -> int:
    from . import dispatch

    return dispatch.queue_periodic_syncs()
