import pytest
from django.urls import reverse

from stoflow.celery import app as celery_app
from tests.services import CeleryWorker, RedisServer, use_broker

pytestmark = pytest.mark.django_db


@pytest.fixture
def private_redis(settings):
    server = RedisServer().start()
    settings.REDIS_URL = settings.CACHE_REDIS_URL = server.url
    use_broker(celery_app, server.url)
    yield server
    server.cleanup()
    from django.conf import settings as live
    use_broker(celery_app, live.CELERY_BROKER_URL)


def test_health_with_everything_up_answers_200(client, private_redis):
    worker = CeleryWorker({"REDIS_URL": private_redis.url, "CACHE_REDIS_URL": private_redis.url}).start()
    try:
        worker.wait_ready(celery_app)
        response = client.get(reverse("health"))
        assert response.status_code == 200, response.json()
        body = response.json()
        assert body["status"] == "ok" and body["down"] == []
        assert set(body["checks"]) >= {"postgresql", "redis", "celery"}
    finally:
        worker.stop()


def test_health_with_redis_stopped_answers_503_naming_redis(client, private_redis):
    private_redis.stop()
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert "redis" in response.json()["down"]
    assert response.json()["checks"]["postgresql"]["ok"] is True


def test_health_without_a_worker_answers_503_naming_celery(client, private_redis):
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json()["down"] == ["celery"]
