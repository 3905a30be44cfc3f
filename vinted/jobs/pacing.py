"""Per Vinted account: one job sending at a time, and a human-like pause between mutating requests.

Both live on the broker/limiter Redis (REDIS_URL). Errors fail closed: no lock, no request.
"""

import random
import time
import uuid

import redis
from django.conf import settings

from vinted.budget import KEY_PREFIX
from vinted.domains import SANDBOX_PREFIX

_RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end"
_EXTEND = (
    "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end"
)
_clients: dict[str, redis.Redis] = {}


def _redis() -> redis.Redis:
    url = settings.REDIS_URL
    if url not in _clients:
        _clients[url] = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
    return _clients[url]


class AccountLock:
    """A short lease on the account (SET NX PX with a random token), renewed before each request."""

    def __init__(self, account_key: str):
        self.key = f"vinted:jobs:{{{account_key}}}:inflight"
        self.token = uuid.uuid4().hex
        self.held = False

    def acquire(self, seconds: float) -> bool:
        try:
            self.held = bool(_redis().set(self.key, self.token, nx=True, px=int(seconds * 1000)))
        except redis.RedisError:
            self.held = False
        return self.held

    def extend(self, seconds: float) -> bool:
        try:
            return bool(_redis().eval(_EXTEND, 1, self.key, self.token, int(seconds * 1000)))
        except redis.RedisError:
            return False

    def taken(self) -> bool:
        """Whether any job holds the account now (errors say yes: the lease expires anyway)."""
        try:
            return bool(_redis().exists(self.key))
        except redis.RedisError:
            return True

    def release(self) -> None:
        if not self.held:
            return
        try:
            _redis().eval(_RELEASE, 1, self.key, self.token)
        except redis.RedisError:
            pass  # it expires with the lease
        self.held = False


def _pace_key(account_key: str) -> str:
    return f"vinted:jobs:{{{account_key}}}:next_write"


def pause_seconds(account_key: str) -> float:
    """A random human-like pause for this account: the sandbox's sites have their own (none by default)."""
    prefix = "SANDBOX_" if account_key.startswith(KEY_PREFIX + SANDBOX_PREFIX) else ""
    low = float(getattr(settings, f"VINTED_{prefix}REQUEST_DELAY_MIN"))
    high = float(getattr(settings, f"VINTED_{prefix}REQUEST_DELAY_MAX"))
    if high <= 0:
        return 0.0
    return random.uniform(max(0.0, low), max(low, high))


def wait_before_write(account_key: str) -> float:
    """Seconds left before this account may send its next mutating request (0: now)."""
    try:
        value = _redis().get(_pace_key(account_key))
    except redis.RedisError:
        return float(settings.RATELIMIT_UNAVAILABLE_RETRY_SECONDS)
    return max(0.0, float(value) - time.time()) if value else 0.0


def after_write(account_key: str) -> None:
    pause = pause_seconds(account_key)
    if pause <= 0:
        return
    try:
        _redis().set(_pace_key(account_key), time.time() + pause, px=int((pause + 60) * 1000))
    except redis.RedisError:
        pass
