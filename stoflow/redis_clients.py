"""The one factory for raw Redis clients (not Django caches): the limiter's and the health check's.

A module of the project package, so `ratelimit` and `tenants` may use it without knowing any app.
Caches go through `django.core.cache.caches` instead.
"""

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry


def connect(url: str, *, timeout: float, retry_once: bool = False) -> redis.Redis:
    """A client whose every socket operation gives up after `timeout` seconds.

    `retry_once`: one immediate retry, which replaces a pooled connection a Redis restart closed
    (only for idempotent commands), and a health check of idle pooled connections.
    """
    options: dict = {"socket_timeout": timeout, "socket_connect_timeout": timeout}
    if retry_once:
        options.update(retry=Retry(NoBackoff(), 1), health_check_interval=30)
    return redis.Redis.from_url(url, **options)
