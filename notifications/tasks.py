"""Celery tasks of notifications: a shop's ones take its schema name and a row id
(stoflow.tasks.ShopTask), never a payload."""

from celery import shared_task

from stoflow.tasks import ShopTask


@shared_task(
    name="notifications.deliver_webhook", base=ShopTask, acks_late=True, reject_on_worker_lost=True, ignore_result=True
)
def deliver_webhook(shop, delivery_id: int) -> None:
    from . import webhooks

    webhooks.deliver(delivery_id)


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
