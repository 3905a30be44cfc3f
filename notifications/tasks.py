"""Celery tasks of notifications: they take a schema name and a row id, never a payload."""

from celery import shared_task
from django.db import connection
from django_tenants.utils import get_public_schema_name, schema_context


@shared_task(name="notifications.deliver_webhook", acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def deliver_webhook(schema_name: str, delivery_id: int) -> None:
    if not schema_name or schema_name == get_public_schema_name():
        raise ValueError("a webhook delivery lives in a shop's schema")
    from . import webhooks

    with schema_context(schema_name):
        webhooks.deliver(delivery_id)
    connection.set_schema_to_public()


@shared_task(name="notifications.deliver_due", ignore_result=True)
def deliver_due() -> int:
    from . import webhooks

    return webhooks.deliver_due()


@shared_task(name="notifications.send_notices", ignore_result=True)
def send_notices() -> int:
    from . import notices

    return notices.send_due()


@shared_task(name="notifications.weekly_summaries", ignore_result=True)
def weekly_summaries() -> int:
    from . import summary

    return summary.queue_weekly_summaries()
