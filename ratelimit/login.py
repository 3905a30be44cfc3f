"""Sign-in throttling: failed attempts per account and per IP address, with a cool-off."""
import logging
import math

import redis
from django.conf import settings

logger = logging.getLogger(__name__)
_client = None


def _redis():
    global _client
    if _client is None:
        _client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=1, socket_connect_timeout=1)
    return _client


def _keys(email: str, ip: str) -> list[tuple[str, int]]:
    return [(f"login:acct:{email.strip().lower()}", settings.LOGIN_FAILURES_PER_ACCOUNT),
            (f"login:ip:{ip}", settings.LOGIN_FAILURES_PER_IP)]


def seconds_until_allowed(email: str, ip: str) -> int:
    """0 when a sign-in may be tried now, else the seconds left in the cool-off.

    Fails open: a Redis outage must not lock every seller out; passwords are
    still checked with a slow hash.
    """
    try:
        client = _redis()
        wait = 0
        for key, limit in _keys(email, ip):
            failures = int(client.get(key) or 0)
            if failures >= limit:
                wait = max(wait, max(1, client.ttl(key)))
        return wait
    except redis.RedisError:
        logger.warning("sign-in throttle unavailable; allowing the attempt")
        return 0


def record_failure(email: str, ip: str) -> None:
    try:
        pipe = _redis().pipeline()
        for key, _limit in _keys(email, ip):
            pipe.incr(key)
            pipe.expire(key, settings.LOGIN_COOLOFF_SECONDS)
        pipe.execute()
    except redis.RedisError:
        logger.warning("sign-in throttle unavailable; failure not counted")


def record_success(email: str, ip: str) -> None:
    try:
        _redis().delete(_keys(email, ip)[0][0])
    except redis.RedisError:
        pass


def humanize_wait(seconds: int) -> int:
    return max(1, math.ceil(seconds / 60))
