"""Shop B with shop A's webhook ids gets 404 on every webhook page."""

from django.test import override_settings

from tests.isolation import IsolationCase, register


def _endpoint(shop_a):
    from notifications.models import WebhookEndpoint

    with override_settings(WEBHOOKS_ALLOW_PRIVATE_TARGETS=True):
        return {"public_id": WebhookEndpoint.objects.create(url="http://127.0.0.1:9/", events=["job.failed"]).public_id}


register(
    IsolationCase(
        "notifications:endpoint",
        _endpoint,
        methods=("GET", "POST"),
        data={"url": "https://example.com/", "events": ["job.failed"]},
    ),
    IsolationCase("notifications:endpoint_test", _endpoint, methods=("POST",)),
    IsolationCase("notifications:endpoint_delete", _endpoint, methods=("POST",)),
)
