import uuid

import pytest

from ratelimit import limiter


@pytest.fixture
def key(redis_client):
    """A fresh limiter key on the flushed broker/limiter Redis."""
    return f"test:{uuid.uuid4().hex}"


@pytest.fixture
def redis_now_ms(redis_client):
    def now():
        seconds, micros = redis_client.time()
        return seconds * 1000 + micros // 1000

    return now


@pytest.fixture
def attempts_log():
    """A stand-in for a caller's PostgreSQL attempts log, registered for the "logged:" prefix."""
    rows: dict[str, list[tuple[str, int]]] = {}
    calls: list[tuple[str, int]] = []

    def loader(key, since_ms):
        calls.append((key, since_ms))
        return [row for row in rows.get(key, []) if row[1] > since_ms]

    limiter.register_attempt_log("logged:", loader)
    yield rows, calls
    limiter.unregister_attempt_log("logged:")


@pytest.fixture
def rf_in_shop_a(shop_a):
    """A request as shop A's owner, for rendering template tags."""
    from django.test import RequestFactory

    request = RequestFactory().get("/dashboard/")
    request.user, request.tenant = shop_a.owner, shop_a.tenant
    return request


@pytest.fixture(scope="module")
def redis_cluster():
    """A 3-master local Redis Cluster (tests.services.RedisClusterServer), for one test module."""
    from tests.services import RedisClusterServer

    server = RedisClusterServer(masters=3).start()
    yield server
    server.cleanup()


@pytest.fixture
def limiter_on_cluster(redis_cluster, settings):
    """The limiter on the local cluster (LIMITER_REDIS_URL = redis+cluster://...), emptied for this test."""
    redis_cluster.flush()
    settings.LIMITER_REDIS_URL = redis_cluster.url
    yield redis_cluster
    redis_cluster.flush()
