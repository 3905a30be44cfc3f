"""Health checks.

GET /health/ is the anonymous liveness probe: PostgreSQL, Redis and Celery beat's heartbeat
(stoflow/beat.py: down when its last tick is older than BEAT_HEARTBEAT_MAX_AGE_SECONDS), answered
as {"status": "ok"} or 503 {"status": "down", "down": [names]}; no reason, no timing, no worker
ping, so it is cheap to call and tells an outsider nothing.

GET /health/details/ adds each check's reason and timing and the Celery worker ping, for staff
signed in or a monitor sending `Authorization: Bearer $HEALTH_TOKEN`. The ping (a broadcast every
worker answers) is remembered for HEALTH_PING_CACHE_SECONDS in this process.
"""

import hmac
import threading
import time

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from . import beat, redis_clients
from .celery import app as celery_app

_ping_lock = threading.Lock()
_ping_result: tuple[float, dict] | None = None


def _timed(check):
    started = time.perf_counter()
    try:
        detail = check()
        ok = True
    except Exception as error:  # noqa: BLE001 (any failure of a dependency is a "down", with its reason)
        detail, ok = f"{type(error).__name__}: {error}"[:200], False
    return {"ok": ok, "detail": detail, "ms": round((time.perf_counter() - started) * 1000, 1)}


def _postgres():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "reachable"


def _redis(url):
    def check():
        client = redis_clients.connect(url, timeout=1)
        try:
            client.ping()
        finally:
            client.close()
        return "reachable"

    return check


def _celery():
    # limit=1: return at the first reply instead of waiting out the timeout.
    replies = celery_app.control.ping(timeout=1.5, limit=1)
    if not replies:
        raise RuntimeError("no worker answered")
    return "a worker answered"


def _cached_celery() -> dict:
    global _ping_result
    with _ping_lock:  # concurrent probes share one ping instead of each broadcasting
        if _ping_result is None or time.monotonic() - _ping_result[0] > settings.HEALTH_PING_CACHE_SECONDS:
            _ping_result = (time.monotonic(), _timed(_celery))
        return _ping_result[1]


def forget_worker_ping() -> None:
    global _ping_result
    with _ping_lock:
        _ping_result = None


_BROKER_DOWN = {"ok": False, "detail": "unreachable: the broker (Redis) is down", "ms": 0}


def _store_checks() -> dict:
    checks = {"postgresql": _timed(_postgres), "redis": _timed(_redis(settings.REDIS_URL))}
    if settings.CACHE_REDIS_URL != settings.REDIS_URL:
        checks["redis_cache"] = _timed(_redis(settings.CACHE_REDIS_URL))
    if settings.LIMITER_REDIS_URL and settings.LIMITER_REDIS_URL != settings.REDIS_URL:
        checks["redis_limiter"] = _timed(_redis(settings.LIMITER_REDIS_URL))
    # The heartbeat is on the broker Redis: with it down, beat's state is unknown (not named).
    checks["beat"] = _timed(beat.check) if checks["redis"]["ok"] else {**_BROKER_DOWN, "ok": None}
    return checks


def _may_see_details(request) -> bool:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.is_active and user.is_staff:
        return True
    expected = settings.HEALTH_TOKEN
    given = request.headers.get("Authorization", "")
    return bool(expected) and hmac.compare_digest(given.encode(), f"Bearer {expected}".encode())


@never_cache
def health(request):
    down = [name for name, result in _store_checks().items() if result["ok"] is False]
    if down:
        return JsonResponse({"status": "down", "down": down}, status=503)
    return JsonResponse({"status": "ok"})


@never_cache
def health_details(request):
    if not _may_see_details(request):
        return JsonResponse({"status": "forbidden"}, status=403)
    checks = _store_checks()
    # Celery's ping travels through the broker: skip it when Redis is down.
    checks["celery"] = _cached_celery() if checks["redis"]["ok"] else _BROKER_DOWN
    down = [name for name, result in checks.items() if result["ok"] is False]
    body = {"status": "ok" if not down else "down", "down": down, "checks": checks}
    return JsonResponse(body, status=200 if not down else 503)
