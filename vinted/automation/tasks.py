"""The beat's automation pass (every VINTED_AUTOMATION_INTERVAL_SECONDS)."""

from celery import shared_task


@shared_task(name="vinted.automation.run_due", ignore_result=True)
def run_due() -> int:
    from . import services

    return services.run_due()
