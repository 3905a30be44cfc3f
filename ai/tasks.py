"""Celery tasks of the ai app: thin wrappers that take ids only.

See docs/decisions/0007-tasks-carry-the-schema-and-ids-only.md.
"""

import random

from django.conf import settings

from stoflow.celery import app
from stoflow.tasks import ShopTask

from . import photo_drafts, services
from .errors import GenerationError


def backoff_seconds(retries: int) -> float:
    # Short hops only: long countdowns on the Redis broker get redelivered
    # (docs/decisions/0008-beat-dispatcher-instead-of-etas.md).
    return min(60.0, 4.0 * 2**retries) * random.uniform(0.75, 1.0)


@app.task(
    bind=True,
    base=ShopTask,
    acks_late=True,
    soft_time_limit=180,
    time_limit=200,
    max_retries=settings.AI_TASK_MAX_RETRIES,
)
def generate(self, shop, generation_id: str) -> None:
    try:
        services.run_generation(generation_id, tenant=shop, final_attempt=self.request.retries >= self.max_retries)
    except GenerationError as exc:  # retryable (connection, timeout, 429, 5xx) with attempts left
        raise self.retry(exc=exc, countdown=backoff_seconds(self.request.retries)) from exc


@app.task(name="ai.sweep_drafts", ignore_result=True, soft_time_limit=600, time_limit=660)
def sweep_drafts() -> None:
    # Public: the drafts are found in ai.drafts' index and deleted from storage; no shop schema is opened.
    photo_drafts.sweep_old_drafts()
