"""eBay's Celery tasks: the demo shop's sandbox connection, and the orders poll (every
EBAY_ORDERS_POLL_SECONDS beat sends one task per connected account with a live listing, and per
other account once every EBAY_ORDERS_IDLE_POLL_SECONDS; each reads that account's orders,
ebay.orders). Tasks carry the shop's schema and ids only. The publishing jobs' tasks are in
ebay/jobs/tasks.py."""

import datetime
import logging

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django_tenants.utils import get_tenant_model, tenant_context

from stoflow.tasks import ShopTask
from tenants.connection import tenant_connection

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
    from .jobs.models import EbayListing
    from .models import EbayAccount

    sent = 0
    idle_before = timezone.now() - datetime.timedelta(seconds=settings.EBAY_ORDERS_IDLE_POLL_SECONDS)
    for tenant in get_tenant_model().objects.shops().filter(status="active"):
        with tenant_context(tenant):
            live = EbayListing.objects.filter(account=OuterRef("pk"), status=EbayListing.Status.PUBLISHED)
            ids = list(
                EbayAccount.objects.filter(status=EbayAccount.Status.CONNECTED)
                .filter(Q(Exists(live)) | Q(orders_checked_at__isnull=True) | Q(orders_checked_at__lt=idle_before))
                .values_list("pk", flat=True)
            )
        for account_id in ids:
            poll_orders.delay(tenant.schema_name, account_id)
            sent += 1
    tenant_connection().set_schema_to_public()
    return sent


@shared_task(name="ebay.poll_orders", base=ShopTask, ignore_result=True)
def poll_orders(shop, account_id: int) -> None:
    from . import orders
    from .models import EbayAccount

    account = EbayAccount.objects.filter(pk=account_id).first()
    # One poll per account at a time: a slow eBay must not pile polls of the same orders up.
    lock = f"ebay:orders-poll:{account_id}"
    if account is not None and cache.add(lock, 1, timeout=settings.EBAY_ORDERS_POLL_SECONDS * 5):
        try:
            orders.poll_account(account)
        finally:
            cache.delete(lock)
