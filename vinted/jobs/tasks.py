"""Celery tasks of the publication engine. They take (schema_name, job_id) only (stoflow.tasks.ShopTask):
never a payload, a cookie or a session. No long countdown or ETA goes to the broker: waiting jobs keep their
next_attempt_at; a job letting its account go hands it to the next one (jobs.handoff, a countdown
of at most VINTED_HANDOFF_MAX_WAIT_SECONDS), and the beat dispatcher (every
VINTED_DISPATCH_INTERVAL_SECONDS) sends whatever is due beyond that or was lost."""

from celery import shared_task

from stoflow.tasks import ShopTask


@shared_task(name="vinted.jobs.run", base=ShopTask, acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def run_job(shop, job_id: int) -> None:
    from . import engine

    engine.run(job_id)


@shared_task(name="vinted.jobs.dispatch_due", ignore_result=True)
def dispatch_due() -> int:
    from . import dispatch

    return dispatch.dispatch_due()


@shared_task(name="vinted.jobs.sync_all_accounts", ignore_result=True)
def sync_all_accounts() -> int:
    """Beat: claims the due accounts of the public sync index and hands them out in batches."""
    from . import dispatch

    return dispatch.hand_out_periodic_syncs()


@shared_task(name="vinted.jobs.queue_syncs", ignore_result=True)
def queue_sync_batch(accounts: list, lease: str) -> int:
    """A worker: asks for the syncs of one claimed batch of (schema, account id) pairs."""
    import datetime

    from . import dispatch

    return dispatch.queue_syncs([tuple(pair) for pair in accounts], datetime.datetime.fromisoformat(lease))
