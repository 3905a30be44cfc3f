"""Outgoing webhooks: endpoints, events, signed deliveries, retries and their log.

A delivery is a POST of a JSON body with headers `X-Stoflow-Event`, `X-Stoflow-Delivery` (the
event's id, the same on every retry) and `X-Stoflow-Signature: t=<unix time>,v1=<hex>`, where
hex = HMAC-SHA256(endpoint secret, "<t>.<body>"). A 2xx answer settles it; anything else (no
answer, a redirect, an error code) is tried again after 30 s, doubling up to an hour, until
WEBHOOKS_RETRY_FOR_SECONDS (24 h) after the event; then it is failed. Every try is logged.
"""

import datetime
import functools
import hashlib
import hmac
import json
import logging
import time
import uuid
from collections.abc import Iterable
from typing import Any

import certifi
import urllib3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tenants.connection import current_schema_name, tenant_connection

from . import ssrf
from .models import EVENTS, TEST_EVENT, DeliveryAttempt, WebhookDelivery, WebhookEndpoint
from .outbox.models import DeliveryDue

log = logging.getLogger(__name__)
FIRST_RETRY_SECONDS = 30
MAX_RETRY_SECONDS = 3600
BATCH = 200


def _check(url: str, events: Iterable[str]) -> list[str]:
    errors: dict[str, str] = {}
    try:
        ssrf.check_url(url)
    except ssrf.UnsafeTarget as error:
        errors["url"] = str(error)
    chosen = list(dict.fromkeys(events))
    if not chosen or any(event not in EVENTS for event in chosen):
        errors["events"] = _("Choose one or more events from the list.")
    if errors:
        raise ValidationError(errors)
    return chosen


def create_endpoint(url: str, events: Iterable[str]) -> WebhookEndpoint:
    return WebhookEndpoint.objects.create(url=url, events=_check(url, events))


def update_endpoint(endpoint: WebhookEndpoint, *, url: str, events: Iterable[str], is_active: bool) -> WebhookEndpoint:
    endpoint.events = _check(url, events)
    endpoint.url, endpoint.is_active = url, is_active
    endpoint.save(update_fields=["url", "events", "is_active"])
    return endpoint


def envelope(event: str, data: dict[str, Any], event_id: uuid.UUID | str) -> dict[str, Any]:
    return {
        "id": str(event_id),
        "type": event,
        "created_at": timezone.now().isoformat(),
        "shop": tenant_connection().tenant.name if hasattr(connection, "tenant") else "",
        "data": data,
    }


def emit(event: str, data: dict[str, Any]) -> int:
    """Queue `event` for every active endpoint of the current shop that subscribes to it; sent
    after the current transaction commits."""
    endpoints = list(WebhookEndpoint.objects.filter(is_active=True, events__contains=[event]))
    for endpoint in endpoints:
        _queue(endpoint, event, data)
    return len(endpoints)


def send_test(endpoint: WebhookEndpoint) -> WebhookDelivery:
    return _queue(endpoint, TEST_EVENT, {"message": "A test event from Stoflow."})


def _queue(endpoint: WebhookEndpoint, event: str, data: dict[str, Any]) -> WebhookDelivery:
    delivery = WebhookDelivery(endpoint=endpoint, event=event, payload={})
    delivery.payload = json.loads(json.dumps(envelope(event, data, delivery.public_id), cls=DjangoJSONEncoder))
    delivery.next_attempt_at = timezone.now()
    delivery.save()
    schema = current_schema_name()
    DeliveryDue.objects.update_or_create(
        tenant_schema=schema, delivery_id=delivery.pk, defaults={"due_at": delivery.next_attempt_at}
    )
    from .tasks import deliver_webhook

    transaction.on_commit(functools.partial(deliver_webhook.delay, schema, delivery.pk))
    return delivery


def signature(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


def retry_delay(attempts: int) -> int:
    return min(FIRST_RETRY_SECONDS << max(attempts - 1, 0), MAX_RETRY_SECONDS)


def _post(url: str, body: bytes, headers: dict[str, str]) -> int:
    """POST to the checked address of `url` (no redirect followed); the status code."""
    target = ssrf.check_url(url)
    timeout = urllib3.Timeout(
        connect=min(5.0, settings.WEBHOOKS_TIMEOUT_SECONDS), read=settings.WEBHOOKS_TIMEOUT_SECONDS
    )
    if target.scheme == "https":
        pool: urllib3.HTTPConnectionPool = urllib3.HTTPSConnectionPool(
            target.address,
            target.port,
            timeout=timeout,
            retries=False,
            cert_reqs="CERT_REQUIRED",
            ca_certs=certifi.where(),
            server_hostname=target.host,
            assert_hostname=target.host,
        )
    else:
        pool = urllib3.HTTPConnectionPool(target.address, target.port, timeout=timeout, retries=False)
    default_port = 443 if target.scheme == "https" else 80
    host = target.host if target.port == default_port else f"{target.host}:{target.port}"
    try:
        response = pool.urlopen(
            "POST",
            target.path,
            body=body,
            headers={**headers, "Host": host},
            redirect=False,
            retries=False,
            preload_content=False,
        )
        response.drain_conn()
        return response.status
    finally:
        pool.close()


def deliver(delivery_id: int) -> WebhookDelivery | None:
    """One try of a pending delivery of the current shop; settles it or schedules the next."""
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update(skip_locked=True)
            .select_related("endpoint")
            .filter(pk=delivery_id, state=WebhookDelivery.State.PENDING)
            .first()
        )
        if delivery is None:
            return None
        now = timezone.now()
        if delivery.next_attempt_at and delivery.next_attempt_at > now:
            return delivery
        body = json.dumps(delivery.payload, separators=(",", ":"), sort_keys=True).encode()
        headers = {
            "Content-Type": "application/json",
            "User-Agent": "Stoflow-Webhooks/1",
            "X-Stoflow-Event": delivery.event,
            "X-Stoflow-Delivery": str(delivery.public_id),
            "X-Stoflow-Signature": signature(delivery.endpoint.secret, int(time.time()), body),
        }
        started = time.monotonic()
        status, error = None, ""
        try:
            status = _post(delivery.endpoint.url, body, headers)
            if not 200 <= status < 300:
                error = f"HTTP {status}"
        except ssrf.UnsafeTarget as refused:
            error = str(refused)
        except (urllib3.exceptions.HTTPError, OSError) as failure:
            error = type(failure).__name__ + (f": {failure}"[:250] if str(failure) else "")
        DeliveryAttempt.objects.create(
            delivery=delivery,
            status_code=status,
            error=error[:300],
            duration_ms=int((time.monotonic() - started) * 1000),
        )
        delivery.attempts += 1
        delivery.last_status = status
        now = timezone.now()
        schema = current_schema_name()
        if not error:
            delivery.state, delivery.finished_at, delivery.next_attempt_at = WebhookDelivery.State.DELIVERED, now, None
        else:
            next_at = now + datetime.timedelta(seconds=retry_delay(delivery.attempts))
            if next_at > delivery.created_at + datetime.timedelta(seconds=settings.WEBHOOKS_RETRY_FOR_SECONDS):
                delivery.state, delivery.finished_at, delivery.next_attempt_at = WebhookDelivery.State.FAILED, now, None
            else:
                delivery.next_attempt_at = next_at
        delivery.save(update_fields=["state", "attempts", "last_status", "next_attempt_at", "finished_at"])
        if delivery.state == WebhookDelivery.State.PENDING:
            DeliveryDue.objects.filter(tenant_schema=schema, delivery_id=delivery.pk).update(
                due_at=delivery.next_attempt_at
            )
        else:
            DeliveryDue.objects.filter(tenant_schema=schema, delivery_id=delivery.pk).delete()
    return delivery


def deliver_due(now: datetime.datetime | None = None) -> int:
    """The beat: hand every due delivery to the broker; a row's due time is pushed a minute
    forward so a lost message is sent again, and a duplicate finds the delivery not yet due."""
    from .tasks import deliver_webhook

    tenant_connection().set_schema_to_public()
    now = now or timezone.now()
    with transaction.atomic():
        rows = list(
            DeliveryDue.objects.select_for_update(skip_locked=True).filter(due_at__lte=now).order_by("due_at")[:BATCH]
        )
        for row in rows:
            row.due_at = now + datetime.timedelta(seconds=60)
            row.save(update_fields=["due_at"])
            transaction.on_commit(functools.partial(deliver_webhook.delay, row.tenant_schema, row.delivery_id))
    return len(rows)
