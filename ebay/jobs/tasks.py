"""Celery tasks of eBay jobs: (schema, job id) only, never a token or a body. Waiting jobs keep their
next_attempt_at and the beat dispatcher (every EBAY_DISPATCH_INTERVAL_SECONDS) sends them when due."""

from celery import shared_task
from django.db import connection
from django_tenants.utils import get_public_schema_name, tenant_context

CHANNEL = "ebay"


@shared_task(name="ebay.jobs.run", acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def run_job(schema_name: str, job_id: int) -> None:
    if not schema_name or schema_name == get_public_schema_name():
        raise ValueError("an eBay job runs in a shop's schema")
    from tenants.models import Tenant

    from . import engine

    tenant = Tenant.objects.shops().filter(schema_name=schema_name).first()
    if tenant is None:
        return
    with tenant_context(tenant):
        engine.run(job_id)
    connection.set_schema_to_public()


def _send(schema_name: str, job_id: int) -> None:
    run_job.delay(schema_name, job_id)


@shared_task(name="ebay.jobs.dispatch_due", ignore_result=True)
def dispatch_due() -> int:
    from channels import jobs

    from .engine import grace

    return jobs.dispatch_due(CHANNEL, _send, grace=grace())
