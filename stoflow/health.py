"""GET /health/: the state of PostgreSQL, Redis and the Celery worker."""
import time

import redis
from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from .celery import app as celery_app


def _timed(check):
    started = time.perf_counter()
    try:
        detail = check()
        ok = True
    except Exception as error:  # any failure is a "down", with its reason
        detail, ok = f"{type(error).__name__}: {error}"[:200], False
    return {"ok": ok, "detail": detail, "ms": round((time.perf_counter() - started) * 1000, 1)}


def _postgres():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "reachable"


def _redis(url):
    def check():
        client = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)
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


@never_cache
def health(request):
    checks = {"postgresql": _timed(_postgres), "redis": _timed(_redis(settings.REDIS_URL))}
    if settings.CACHE_REDIS_URL != settings.REDIS_URL:
        checks["redis_cache"] = _timed(_redis(settings.CACHE_REDIS_URL))
    # Celery's ping travels through the broker: skip it when Redis is down.
    checks["celery"] = _timed(_celery) if checks["redis"]["ok"] else {
        "ok": False, "detail": "unreachable: the broker (Redis) is down", "ms": 0}
    down = [name for name, result in checks.items() if not result["ok"]]
    body = {"status": "ok" if not down else "down", "down": down, "checks": checks}
    return JsonResponse(body, status=200 if not down else 503)
