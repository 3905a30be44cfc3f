"""The one factory for raw Redis clients (not Django caches): the limiter's and the health check's.

A module of the project package, so `ratelimit` and `tenants` may use it without knowing any app.
Caches go through `django.core.cache.caches` instead.

A URL whose scheme ends in `+cluster` (`redis+cluster://host:port`, `rediss+cluster://...`) names
one node of a Redis Cluster: the client is redis-py's `RedisCluster`, which learns the other nodes
and the slot map from it and follows MOVED/ASK redirections. Only the limiter may live on a cluster
(LIMITER_REDIS_URL): Celery's broker cannot.
"""

import redis
from redis.backoff import NoBackoff
from redis.cluster import RedisCluster
from redis.exceptions import ClusterError, RedisClusterException
from redis.retry import Retry

CLUSTER_SUFFIX = "+cluster"


class Cluster(RedisCluster):
    """RedisCluster whose failures are all RedisErrors, as a single instance's are: redis-py raises
    RedisClusterException (not a RedisError) when no node answers, at construction (it reads the
    slot map) or later, and callers that fail closed on RedisError would let it through."""

    def __init__(self, *args, **kwargs):
        try:
            super().__init__(*args, **kwargs)
        except RedisClusterException as error:
            raise redis.ConnectionError(str(error)) from error

    def execute_command(self, *args, **kwargs):
        try:
            return super().execute_command(*args, **kwargs)
        except RedisClusterException as error:
            raise ClusterError(str(error)) from error


def is_cluster(url: str) -> bool:
    return url.split("://", 1)[0].endswith(CLUSTER_SUFFIX)


def connect(url: str, *, timeout: float, retry_once: bool = False) -> redis.Redis | Cluster:
    """A client whose every socket operation gives up after `timeout` seconds.

    `retry_once`: one immediate retry, which replaces a pooled connection a Redis restart closed
    (only for idempotent commands), and a health check of idle pooled connections.
    """
    options: dict = {"socket_timeout": timeout, "socket_connect_timeout": timeout}
    if retry_once:
        options.update(retry=Retry(NoBackoff(), 1), health_check_interval=30)
    if is_cluster(url):
        scheme, rest = url.split("://", 1)
        # A redirection is not a failure: RedisCluster follows MOVED/ASK by itself, refreshing its
        # slot map; the retry above then covers a node that went away (its replica takes over).
        return Cluster.from_url(f"{scheme.removesuffix(CLUSTER_SUFFIX)}://{rest}", **options)
    return redis.Redis.from_url(url, **options)
