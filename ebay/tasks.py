import logging

from celery import shared_task

from . import demo
from .jobs.tasks import dispatch_due, run_job  # noqa: F401 (Celery autodiscovery imports <app>.tasks only)

log = logging.getLogger(__name__)


@shared_task(name="ebay.tasks.connect_demo_account", bind=True, max_retries=60, default_retry_delay=2)
def connect_demo_account(self):
    """`make run`: connect the demo shop to the local eBay sandbox's demo seller, with its set-up done."""
    if not demo.available():
        return None
    try:
        account = demo.connect_demo_account()
    except demo.NotASandbox as error:
        log.warning("demo eBay account not connected: %s", error)
        return None
    except demo.SandboxUnavailable as error:
        raise self.retry(exc=error) from None
    return str(account.public_id)
