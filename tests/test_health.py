import time

import pytest
import redis
from django.urls import reverse

from stoflow import beat
from stoflow import health as health_module
from stoflow.celery import app as celery_app
from tests.factories import UserFactory
from tests.services import CeleryWorker, RedisServer, use_broker

pytestmark = pytest.mark.django_db


@pytest.fixture
def private_redis(settings):
    server = RedisServer().start()
    settings.REDIS_URL = settings.CACHE_REDIS_URL = server.url
    use_broker(celery_app, server.url)
    health_module.forget_worker_ping()
    beat.record_tick()  # beat is up unless a test says otherwise
    yield server
    server.cleanup()
    health_module.forget_worker_ping()
    from django.conf import settings as live

    use_broker(celery_app, live.CELERY_BROKER_URL)


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(is_staff=True))
    return client


@pytest.fixture
def counted_pings(monkeypatch):
    calls = []

    def ping(**kwargs):
        calls.append(kwargs)
        return [{"worker@test": {"ok": "pong"}}]

    monkeypatch.setattr(celery_app.control, "ping", ping)
    return calls


def test_health_anonymous_answers_only_the_status_and_pings_no_worker(client, private_redis, counted_pings):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert counted_pings == []


def test_health_anonymous_with_redis_stopped_answers_503_with_names_only(client, private_redis):
    private_redis.stop()
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json() == {"status": "down", "down": ["redis"]}


def test_health_details_anonymous_is_refused(client, private_redis):
    assert client.get(reverse("health_details")).status_code == 403


def test_health_details_with_the_health_token_answers(client, private_redis, counted_pings, settings):
    settings.HEALTH_TOKEN = "probe-secret-1234567890"
    assert client.get(reverse("health_details"), HTTP_AUTHORIZATION="Bearer wrong").status_code == 403
    response = client.get(reverse("health_details"), HTTP_AUTHORIZATION="Bearer probe-secret-1234567890")
    assert response.status_code == 200 and response.json()["checks"]["celery"]["ok"] is True


def test_health_details_caches_the_worker_ping_for_a_few_seconds(staff_client, private_redis, counted_pings):
    for _ in range(3):
        assert staff_client.get(reverse("health_details")).status_code == 200
    assert len(counted_pings) == 1


def test_health_details_with_everything_up_answers_200(staff_client, private_redis):
    worker = CeleryWorker({"REDIS_URL": private_redis.url, "CACHE_REDIS_URL": private_redis.url}).start()
    try:
        worker.wait_ready(celery_app)
        response = staff_client.get(reverse("health_details"))
        assert response.status_code == 200, response.json()
        body = response.json()
        assert body["status"] == "ok" and body["down"] == []
        assert set(body["checks"]) >= {"postgresql", "redis", "celery"}
    finally:
        worker.stop()


def test_health_details_with_redis_stopped_answers_503_naming_redis(staff_client, private_redis):
    private_redis.stop()
    response = staff_client.get(reverse("health_details"))
    assert response.status_code == 503
    assert "redis" in response.json()["down"]
    assert response.json()["checks"]["postgresql"]["ok"] is True


def test_health_details_without_a_worker_answers_503_naming_celery(staff_client, private_redis):
    response = staff_client.get(reverse("health_details"))
    assert response.status_code == 503
    assert response.json()["down"] == ["celery"]


def test_health_with_beat_silent_for_more_than_three_dispatch_intervals_answers_503_naming_beat(
    client, private_redis, settings
):
    settings.BEAT_HEARTBEAT_MAX_AGE_SECONDS = 3 * 15
    beat.record_tick(at=time.time() - 46)
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json() == {"status": "down", "down": ["beat"]}


def test_health_with_a_recent_beat_tick_answers_ok(client, private_redis, settings):
    settings.BEAT_HEARTBEAT_MAX_AGE_SECONDS = 3 * 15
    beat.record_tick(at=time.time() - 40)
    assert client.get(reverse("health")).json() == {"status": "ok"}


def test_health_before_beat_ever_ticked_answers_503_naming_beat(client, private_redis):
    redis.Redis.from_url(private_redis.url).delete(beat.BEAT_HEARTBEAT_KEY)
    assert client.get(reverse("health")).json() == {"status": "down", "down": ["beat"]}


def test_health_details_says_when_beat_last_ticked(staff_client, private_redis, counted_pings, settings):
    settings.BEAT_HEARTBEAT_MAX_AGE_SECONDS = 45
    beat.record_tick(at=time.time() - 100)
    body = staff_client.get(reverse("health_details")).json()
    assert body["down"] == ["beat"] and "last tick 100 s ago" in body["checks"]["beat"]["detail"]


def test_beat_records_a_tick_each_time_it_wakes_up(private_redis, tmp_path):
    redis.Redis.from_url(private_redis.url).delete(beat.BEAT_HEARTBEAT_KEY)
    scheduler = beat.HeartbeatScheduler(celery_app, schedule_filename=str(tmp_path / "schedule"))
    scheduler.tick()
    assert beat.tick_age() < 5


def test_health_with_the_limiters_own_redis_unreachable_answers_503_naming_it(client, private_redis, settings):
    from tests.services import free_cluster_port

    settings.LIMITER_REDIS_URL = f"redis+cluster://127.0.0.1:{free_cluster_port()}"
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json() == {"status": "down", "down": ["redis_limiter"]}
