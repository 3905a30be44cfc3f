"""Outgoing webhooks: where they may go, how they are signed, retried and logged."""

import datetime
import socket
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from catalog import sales
from catalog.tests.factories import ProductFactory
from notifications import ssrf, webhooks
from notifications.models import WebhookDelivery, WebhookEndpoint
from notifications.outbox.models import DeliveryDue

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/hook",
        "http://localhost:8000/",
        "http://10.1.2.3/",
        "http://192.168.0.10/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://[fe80::1]/",
        "http://0.0.0.0/",
        "http://2130706433/",
        "http://[::ffff:127.0.0.1]/",
        "ftp://example.com/",
        "http://user:pw@example.com/",
    ],
)
def test_check_url_refuses_private_loopback_link_local_and_odd_targets(url):
    with pytest.raises(ssrf.UnsafeTarget):
        ssrf.check_url(url)


def test_check_url_refuses_a_name_when_any_of_its_addresses_is_private(monkeypatch):
    def resolve(host, port, **kwargs):
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port)) for address in ("93.184.215.14", "10.0.0.5")
        ]

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    with pytest.raises(ssrf.UnsafeTarget):
        ssrf.check_url("https://hooks.example.com/in")


def test_check_url_pins_the_checked_public_address(monkeypatch):
    monkeypatch.setattr(
        socket,
        "getaddrinfo",
        lambda host, port, **kw: [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.215.14", port))],
    )
    target = ssrf.check_url("https://hooks.example.com/in?shop=1")
    assert (target.address, target.host, target.port, target.path) == (
        "93.184.215.14",
        "hooks.example.com",
        443,
        "/in?shop=1",
    )


def test_check_url_allows_loopback_when_self_hosting_says_so(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = True
    assert ssrf.check_url("http://127.0.0.1:9000/x").address == "127.0.0.1"


def test_create_endpoint_on_loopback_is_refused_with_a_field_error(in_shop_a):
    with pytest.raises(ValidationError) as error:
        webhooks.create_endpoint("http://127.0.0.1:9/", ["listing.sold"])
    assert "url" in error.value.message_dict and not WebhookEndpoint.objects.exists()


def test_create_endpoint_with_an_unknown_event_names_the_field(in_shop_a, loopback_allowed):
    with pytest.raises(ValidationError) as error:
        webhooks.create_endpoint("http://127.0.0.1:9/", ["listing.exploded"])
    assert "events" in error.value.message_dict


def test_a_sale_is_delivered_signed_to_a_loopback_receiver(
    in_shop_a, loopback_allowed, receiver, django_capture_on_commit_callbacks, monkeypatch
):
    endpoint = webhooks.create_endpoint(receiver.url, ["listing.sold"])
    receiver.secret = endpoint.secret
    queued = []
    monkeypatch.setattr("notifications.tasks.deliver_webhook.delay", lambda schema, pk: queued.append((schema, pk)))
    with django_capture_on_commit_callbacks(execute=True):
        sale = sales.record_sale(
            ProductFactory(sku="HOOK-1"),
            price=Decimal("11"),
            currency="EUR",
            channel="vinted",
            account_ref="a",
            listing_ref="77",
        )
    assert queued == [(in_shop_a.tenant.schema_name, WebhookDelivery.objects.get().pk)]
    delivery = webhooks.deliver(queued[0][1])
    assert delivery.state == "delivered" and delivery.last_status == 200
    [request] = receiver.received
    assert request["signature_ok"] and request["headers"]["X-Stoflow-Event"] == "listing.sold"
    assert request["body"]["data"]["sale_id"] == str(sale.public_id)
    assert request["body"]["data"]["product"]["sku"] == "HOOK-1" and request["body"]["data"]["price"] == "11.00"
    assert request["headers"]["X-Stoflow-Delivery"] == request["body"]["id"] == str(delivery.public_id)
    assert not DeliveryDue.objects.exists()


def test_an_endpoint_not_subscribed_to_the_event_gets_nothing(in_shop_a, loopback_allowed):
    webhooks.create_endpoint("http://127.0.0.1:9/", ["job.failed"])
    assert webhooks.emit("listing.sold", {}) == 0 and not WebhookDelivery.objects.exists()


def _unreachable_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}/gone"  # closed again: nothing listens


def test_an_unreachable_receiver_is_retried_with_backoff_and_logged(in_shop_a, loopback_allowed):
    endpoint = webhooks.create_endpoint(_unreachable_url(), ["job.failed"])
    webhooks.emit("job.failed", {"job_id": "x"})
    delivery = WebhookDelivery.objects.get()
    first = webhooks.deliver(delivery.pk)
    assert (first.state, first.attempts, first.last_status) == ("pending", 1, None)
    assert 29 <= (first.next_attempt_at - timezone.now()).total_seconds() <= 31
    assert DeliveryDue.objects.get().due_at == first.next_attempt_at
    assert webhooks.deliver(delivery.pk).attempts == 1  # not due yet: nothing sent
    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    second = webhooks.deliver(delivery.pk)
    assert second.attempts == 2 and 59 <= (second.next_attempt_at - timezone.now()).total_seconds() <= 61
    errors = list(delivery.tries.values_list("error", flat=True))
    assert len(errors) == 2 and all("Connection" in error or "refused" in error.lower() for error in errors)
    assert endpoint.deliveries.count() == 1


def test_a_delivery_failing_past_24_hours_is_given_up(in_shop_a, loopback_allowed):
    webhooks.create_endpoint(_unreachable_url(), ["job.failed"])
    webhooks.emit("job.failed", {})
    WebhookDelivery.objects.update(created_at=timezone.now() - datetime.timedelta(hours=23, minutes=59, seconds=50))
    delivery = webhooks.deliver(WebhookDelivery.objects.get().pk)
    assert delivery.state == "failed" and delivery.finished_at and not DeliveryDue.objects.exists()


def test_an_error_status_is_logged_and_retried(in_shop_a, loopback_allowed, receiver):
    receiver.status = 503
    endpoint = webhooks.create_endpoint(receiver.url, ["job.failed"])
    receiver.secret = endpoint.secret
    webhooks.emit("job.failed", {})
    delivery = webhooks.deliver(WebhookDelivery.objects.get().pk)
    assert (delivery.state, delivery.last_status) == ("pending", 503)
    assert list(delivery.tries.values_list("status_code", "error")) == [(503, "HTTP 503")]


def test_a_target_that_became_private_is_not_called(in_shop_a, loopback_allowed, receiver, settings):
    webhooks.create_endpoint(receiver.url, ["job.failed"])
    webhooks.emit("job.failed", {})
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = False
    delivery = webhooks.deliver(WebhookDelivery.objects.get().pk)
    assert receiver.received == [] and delivery.state == "pending"
    assert "private" in delivery.tries.get().error


def test_deliver_due_sends_each_due_delivery_once(
    in_shop_a, loopback_allowed, monkeypatch, django_capture_on_commit_callbacks
):
    webhooks.create_endpoint("http://127.0.0.1:9/", ["job.failed"])
    webhooks.emit("job.failed", {})
    pk = WebhookDelivery.objects.get().pk
    sent = []
    monkeypatch.setattr("notifications.tasks.deliver_webhook.delay", lambda schema, pk: sent.append(pk))
    with django_capture_on_commit_callbacks(execute=True):
        assert webhooks.deliver_due() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert webhooks.deliver_due() == 0  # pushed a minute forward
    assert sent == [pk]  # the beat runs on public


# --- pages --------------------------------------------------------------------------------------


def test_add_a_webhook_on_a_private_address_shows_the_field_error(seller_a):
    response = seller_a.post(
        reverse("notifications:endpoint_create"),
        {"url": "http://10.0.0.1/hook", "events": ["listing.sold"], "is_active": "on"},
    )
    assert response.status_code == 400 and "private" in response.content.decode()
    assert not WebhookEndpoint.objects.exists()


def test_send_test_event_button_queues_a_test_delivery_shown_in_the_log(seller_a, loopback_allowed):
    endpoint = webhooks.create_endpoint("http://127.0.0.1:9/", ["listing.sold"])
    response = seller_a.post(reverse("notifications:endpoint_test", args=[endpoint.public_id]), follow=True)
    assert response.status_code == 200
    delivery = WebhookDelivery.objects.get()
    assert delivery.event == "test" and f'data-delivery="{delivery.public_id}"' in response.content.decode()


def test_a_member_cannot_manage_webhooks(client, shop_a):
    from django_tenants.utils import tenant_context

    from tenants.models import Membership
    from tests.factories import add_member

    client.force_login(add_member(shop_a, Membership.Role.MEMBER))
    response = client.post(
        reverse("notifications:endpoint_create"), {"url": "https://example.com/", "events": ["listing.sold"]}
    )
    assert response.status_code == 403
    with tenant_context(shop_a.tenant):
        assert not WebhookEndpoint.objects.exists()
