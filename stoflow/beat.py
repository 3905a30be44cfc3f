"""Celery beat's heartbeat.

Beat serves nothing a probe could ask, and while it is down the jobs parked as busy or waiting
never move. So it records its last tick on the broker Redis (BEAT_HEARTBEAT_KEY, the Unix time of
the tick) each time it wakes up, at least once per dispatch interval; /health/ reports beat down
when that tick is older than BEAT_HEARTBEAT_MAX_AGE_SECONDS (three dispatch intervals) or missing.
"""

import logging
import time

import redis
from celery.beat import PersistentScheduler
from django.conf import settings

from . import redis_clients

log = logging.getLogger(__name__)
BEAT_HEARTBEAT_KEY = "stoflow:beat:last_tick"
_clients: dict[str, redis.Redis] = {}


def client() -> redis.Redis:
    """The broker Redis (REDIS_URL), where the heartbeat lives: never evicted, as the queue is."""
    url = settings.REDIS_URL
    if url not in _clients:
        _clients[url] = redis_clients.connect(url, timeout=2, retry_once=True)
    return _clients[url]


def record_tick(at: float | None = None) -> None:
    try:
        client().set(BEAT_HEARTBEAT_KEY, f"{time.time() if at is None else at:.3f}")
    except redis.RedisError as error:
        log.warning("beat could not record its heartbeat: %s", error)


def tick_age() -> float | None:
    """Seconds since beat's last tick, None if it never ticked (raises RedisError)."""
    value = client().get(BEAT_HEARTBEAT_KEY)
    return None if value is None else max(0.0, time.time() - float(value))


def check() -> str:
    """For the health checks: a reason, or RuntimeError when beat is down."""
    age = tick_age()
    limit = float(settings.BEAT_HEARTBEAT_MAX_AGE_SECONDS)
    if age is None:
        raise RuntimeError("no heartbeat: beat has not run")
    if age > limit:
        raise RuntimeError(f"last tick {age:.0f} s ago (more than {limit:.0f} s)")
    return f"last tick {age:.0f} s ago"


class HeartbeatScheduler(PersistentScheduler):
    """Celery's file-backed scheduler, recording a heartbeat at every wake-up."""

    def tick(self, *args, **kwargs):
        record_tick()
        return super().tick(*args, **kwargs)
