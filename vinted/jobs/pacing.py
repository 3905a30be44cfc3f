"""Per Vinted account: one job sending at a time, and a human-like pause between mutating requests.

Both live on the broker/limiter Redis (REDIS_URL, through the limiter's client). Errors fail
closed: no lock, no request.
"""

import os
import random
import socket
import threading
import time
import uuid

import redis
from django.conf import settings
from redis.exceptions import LockError
from redis.lock import Lock

from ratelimit.limiter import client as _redis
from vinted.budget import KEY_PREFIX
from vinted.domains import SANDBOX_PREFIX


def _alive_key(token: str) -> str:
    return f"vinted:jobs:alive:{token}"


class AccountLock:
    """A lease on the account (redis-py's Lock: an owner token, renewed before each request,
    released only by its owner), and a heartbeat that says its run is still going.

    The lease is as long as a request can take, so a run that dies without letting go (its worker
    killed, or Redis unreachable when it let go and the lock persisted) would hold the account for
    that long. Its heartbeat key, refreshed by a thread of the run's process every third of
    VINTED_RUN_HEARTBEAT_SECONDS and written before the lock is taken, expires within
    VINTED_RUN_HEARTBEAT_SECONDS instead: the next job that finds the lock without its heartbeat
    frees it (only if it still holds that owner's token) and takes the account.
    """

    def __init__(self, account_key: str):
        self.key = f"vinted:jobs:{{{account_key}}}:inflight"
        # Which process holds the account, for a person reading Redis; the uuid makes it this run's.
        self.token = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex}"
        self.held = False
        self._lock: Lock | None = None
        self._stop = threading.Event()
        self._beating: threading.Thread | None = None

    def acquire(self, seconds: float) -> bool:
        self._lock = Lock(_redis(), self.key, timeout=seconds, blocking=False, thread_local=False)
        try:
            self._beat()  # before the lock: a live holder is never seen without its heartbeat
            self.held = self._lock.acquire(token=self.token)
            if not self.held and self._free_if_dead():
                self.held = self._lock.acquire(token=self.token)
        except redis.RedisError:
            self.held = False
        if self.held:
            self._stop.clear()
            self._beating = threading.Thread(target=self._keep_beating, name="vinted-lock-heartbeat", daemon=True)
            self._beating.start()
        else:
            self._forget_beat()
        return self.held

    def extend(self, seconds: float) -> bool:
        """Renew the lease; False when it is no longer this run's (lost with Redis, or taken)."""
        if not self.held or self._lock is None:
            return False
        try:
            return bool(self._lock.extend(seconds, replace_ttl=True))
        except (LockError, redis.RedisError):
            return False

    def taken(self) -> bool:
        """Whether a live run holds the account now (errors say yes: the lease expires anyway)."""
        try:
            holder = _redis().get(self.key)
            return holder is not None and bool(_redis().exists(_alive_key(holder.decode())))
        except redis.RedisError:
            return True

    def release(self) -> None:
        if not self.held or self._lock is None:
            return
        self.held = False
        self._stop.set()
        try:
            self._lock.release()
        except LockError:
            pass  # no longer ours: it expired, or a next job freed it after our heartbeat stopped
        except redis.RedisError:
            pass  # unreachable: with the heartbeat gone, the next job frees it within seconds
        self._forget_beat()

    def _free_if_dead(self) -> bool:
        """The lock's holder has no heartbeat: delete its lock if it is still that holder's."""
        holder = _redis().get(self.key)
        if holder is None:
            return True  # let go meanwhile
        if _redis().exists(_alive_key(holder.decode())):
            return False
        try:
            self._lock.do_release(holder)
        except LockError:
            return False  # changed hands meanwhile: a live run took it
        return True

    def _beat(self) -> None:
        ttl_ms = int(float(settings.VINTED_RUN_HEARTBEAT_SECONDS) * 1000)
        _redis().set(_alive_key(self.token), "1", px=ttl_ms)

    def _keep_beating(self) -> None:
        interval = float(settings.VINTED_RUN_HEARTBEAT_SECONDS) / 3
        while not self._stop.wait(interval):
            try:
                self._beat()
            except redis.RedisError:
                pass  # Redis is away; the next beat tries again

    def _forget_beat(self) -> None:
        try:
            _redis().delete(_alive_key(self.token))
        except redis.RedisError:
            pass  # it expires


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
