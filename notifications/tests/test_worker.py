"""Webhooks crossing a real Celery worker: a sale reaches a loopback receiver that checks the
signature; a receiver that does not answer is tried again by the beat's dispatcher and logged."""

import socket
import time
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone
from django_tenants.utils import tenant_context

from catalog import sales
from catalog.tests.factories import ProductFactory
from notifications import webhooks
from notifications.models import WebhookDelivery
from stoflow.celery import app as celery_app
from tests.factories import make_shop
from tests.services import CeleryWorker, use_broker

pytestmark = [pytest.mark.committed, pytest.mark.django_db(transaction=True)]


def _database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


def _wait(shop, check, timeout=40):
    deadline = time.time() + timeout
    while time.time() < deadline:
        with tenant_context(shop.tenant):
            result = check()
        if result:
            return result
        time.sleep(0.2)
    raise AssertionError("not reached in time")


def test_webhooks_through_a_real_worker(committed_platform, settings, receiver):
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = True
    shop = make_shop("h")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        gone = f"http://127.0.0.1:{sock.getsockname()[1]}/gone"
    with tenant_context(shop.tenant):
        live = webhooks.create_endpoint(receiver.url, ["listing.sold"])
        dead = webhooks.create_endpoint(gone, ["listing.sold"])
    receiver.secret = live.secret
    use_broker(celery_app, settings.CELERY_BROKER_URL)
    worker = CeleryWorker({"DATABASE_URL": _database_url(), "WEBHOOKS_ALLOW_PRIVATE_TARGETS": "true"}).start()
    try:
        worker.wait_ready(celery_app)
        with tenant_context(shop.tenant):
            sale = sales.record_sale(ProductFactory(sku="W-1"), price=Decimal("8"), currency="EUR")
        _wait(shop, lambda: len(receiver.received) == 1)
        first = _wait(shop, lambda: WebhookDelivery.objects.filter(endpoint=dead, attempts=1).first())
        with tenant_context(shop.tenant):  # the next try is due now; the beat hands it over
            WebhookDelivery.objects.filter(pk=first.pk).update(next_attempt_at=timezone.now())
        from notifications.outbox.models import DeliveryDue

        DeliveryDue.objects.update(due_at=timezone.now())
        webhooks.deliver_due()
        again = _wait(shop, lambda: WebhookDelivery.objects.filter(pk=first.pk, attempts=2).first())
    finally:
        worker.stop()
    [request] = receiver.received
    assert request["signature_ok"] and request["body"]["data"]["sale_id"] == str(sale.public_id)
    with tenant_context(shop.tenant):
        assert WebhookDelivery.objects.get(endpoint=live).state == "delivered"
        assert again.state == "pending" and again.tries.count() == 2
        assert all(t.status_code is None and t.error for t in again.tries.all())
