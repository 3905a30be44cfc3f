"""eBay's Celery tasks: the demo shop's sandbox connection, and the orders poll (every
EBAY_ORDERS_POLL_SECONDS beat sends one task per due row of the public poll index: connected accounts
with a live listing each tick, the others once every EBAY_ORDERS_IDLE_POLL_SECONDS, ebay.poll_schedule;
each task reads that account's orders, ebay.orders). Tasks carry the shop's schema and ids only. The
publishing jobs' tasks are in ebay/jobs/tasks.py."""

import logging

from celery import shared_task
from django.utils import timezone

from stoflow.tasks import ShopTask

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


@shared_task(name="ebay.poll_all_orders", ignore_result=True)
def poll_all_orders() -> int:
    from . import poll_schedule

    return poll_schedule.queue_due_polls(lambda schema, account_id: poll_orders.delay(schema, account_id, True))


@shared_task(name="ebay.poll_orders", base=ShopTask, ignore_result=True)
def poll_orders(shop, account_id: int, scheduled: bool = False) -> None:
    """Read one account's orders. `scheduled` (from the beat's index): first check that the account is
    still due, since its row may have been early (a listing stopped being live): then only move the row."""
    from . import orders, poll_schedule
    from .models import EbayAccount

    account = EbayAccount.objects.filter(pk=account_id).first()
    if account is None:
        poll_schedule.polls.drop(poll_schedule.CHANNEL, account_id)
        return
    now = timezone.now()
    if scheduled and (account.status != EbayAccount.Status.CONNECTED or poll_schedule.next_poll_at(account, now) > now):
        poll_schedule.refresh(account, now)
        return
    orders.poll_account_once(account)
