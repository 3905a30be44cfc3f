"""The eBay orders poll: beat sends one task per connected account every EBAY_ORDERS_POLL_SECONDS;
each task reads that account's orders (ebay.orders). Tasks carry the shop's schema and the account's
id only."""

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django_tenants.utils import get_public_schema_name, get_tenant_model, tenant_context


@shared_task(name="ebay.poll_all_orders", ignore_result=True)
def poll_all_orders() -> int:
    from .models import EbayAccount

    sent = 0
    for tenant in get_tenant_model().objects.shops().filter(status="active"):
        with tenant_context(tenant):
            ids = list(EbayAccount.objects.filter(status=EbayAccount.Status.CONNECTED).values_list("pk", flat=True))
        for account_id in ids:
            poll_orders.delay(tenant.schema_name, account_id)
            sent += 1
    connection.set_schema_to_public()
    return sent


@shared_task(name="ebay.poll_orders", ignore_result=True)
def poll_orders(schema_name: str, account_id: int) -> None:
    if not schema_name or schema_name == get_public_schema_name():
        raise ValueError("an orders poll runs in a shop's schema")
    tenant = get_tenant_model().objects.shops().filter(schema_name=schema_name).first()
    if tenant is None:
        return
    with tenant_context(tenant):
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
    connection.set_schema_to_public()
