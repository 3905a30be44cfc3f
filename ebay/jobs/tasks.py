"""Celery tasks of eBay jobs: (schema, job id) only (stoflow.tasks.ShopTask), never a token or a body.
Waiting jobs keep their next_attempt_at and the beat dispatcher (every EBAY_DISPATCH_INTERVAL_SECONDS)
sends them when due."""

from celery import shared_task

from stoflow.tasks import ShopTask

CHANNEL = "ebay"


@shared_task(name="ebay.jobs.run", base=ShopTask, acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def run_job(shop, job_id: int) -> None:
    from . import engine

    engine.run(job_id)


def _send(schema_name: str, job_id: int) -> None:
    run_job.delay(schema_name, job_id)


@shared_task(name="ebay.jobs.dispatch_due", ignore_result=True)
def dispatch_due() -> int:
    from channels import jobs

    from .runtime import grace

    return jobs.dispatch_due(CHANNEL, _send, grace=grace())
