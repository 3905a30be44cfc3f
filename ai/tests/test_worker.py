"""A generation crossing a real Celery worker process, which calls the fake OpenAI server over
loopback with the real SDK, retries a 5xx with backoff, and charges one credit."""

import time

import pytest
from django.db import connection
from django_tenants.utils import tenant_context

from ai import services
from ai.models import Generation
from ai.options import GenerationOptions
from stoflow.celery import app as celery_app
from tenants import quotas
from tests.factories import make_shop
from tests.services import CeleryWorker, use_broker

pytestmark = [pytest.mark.committed, pytest.mark.django_db(transaction=True)]


def _database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


def _wait_until_done(shop, public_id, timeout=45) -> Generation:
    deadline = time.time() + timeout
    while time.time() < deadline:
        with tenant_context(shop.tenant):
            generation = Generation.objects.get(public_id=public_id)
        if generation.is_done:
            return generation
        time.sleep(0.2)
    raise AssertionError(f"generation still {generation.status} after {timeout}s")


def test_generation_through_a_real_worker_retries_a_5xx_and_charges_one_credit(
    committed_platform, settings, fake_openai, facts
):
    shop = make_shop("w")
    shop.tenant.ai_credits_override = 5
    shop.tenant.save()
    use_broker(celery_app, settings.CELERY_BROKER_URL)  # fresh pools, whatever earlier tests did
    worker = CeleryWorker(
        {
            "DATABASE_URL": _database_url(),
            "AI_API_KEY": settings.AI_API_KEY,
            "AI_BASE_URL": fake_openai.base_url,
            "AI_TIMEOUT_SECONDS": "5",
        }
    ).start()
    try:
        worker.wait_ready(celery_app)
        fake_openai.queue("500", "500")  # the first run fails after its one SDK retry; Celery retries
        with tenant_context(shop.tenant):
            generation = services.request_generation(facts, GenerationOptions(language="it", tone="fun"))
        done = _wait_until_done(shop, generation.public_id)
    finally:
        worker.stop()
    assert done.status == Generation.Status.SUCCEEDED, (done.error_code, done.error_detail)
    assert done.attempts == 2 and fake_openai.calls == 3
    assert "Levi's" in done.title and "small stain on the left sleeve" in done.description
    assert done.tokens_in > 0 and done.cost_eur > 0 and done.credit_charged
    assert quotas.ai_credits_used(shop.tenant) == 1
