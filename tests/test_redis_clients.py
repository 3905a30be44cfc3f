"""One factory for raw Redis clients (stoflow.redis_clients), used by the limiter and the health check."""

from django.conf import settings

from ratelimit import limiter
from stoflow import redis_clients


def test_a_client_gives_up_after_its_timeout_and_retries_only_when_asked():
    plain = redis_clients.connect(settings.REDIS_URL, timeout=0.5)
    kwargs = plain.connection_pool.connection_kwargs
    assert (kwargs["socket_timeout"], kwargs["socket_connect_timeout"]) == (0.5, 0.5)
    assert plain.ping()
    retrying = redis_clients.connect(settings.REDIS_URL, timeout=0.5, retry_once=True)
    assert retrying.connection_pool.connection_kwargs["retry"].get_retries() == 1
    plain.close()
    retrying.close()


def test_the_limiter_uses_the_shared_factory(monkeypatch):
    made = []
    real = redis_clients.connect
    monkeypatch.setattr(redis_clients, "connect", lambda *a, **kw: made.append(kw) or real(*a, **kw))
    monkeypatch.setattr(limiter, "_clients", {})
    limiter._client_and_script()
    assert made == [{"timeout": settings.RATELIMIT_REDIS_TIMEOUT_SECONDS, "retry_once": True}]
