"""An exact sliding-window limiter on Redis, generic: it guards any side effect behind a budget.

One sorted set per key holds the attempts (member = attempt id, score = Redis server time in
ms); one Lua script (sliding_log.lua) prunes, counts every window of the policy and adds the
attempt atomically, using Redis's own clock. See docs/ratelimit.md.

Nothing here raises into the caller: when Redis (or the attempts log used to rebuild a lost
key) cannot answer, the decision is "not allowed" with reason "unavailable" (fail closed).
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import redis
from django.conf import settings
from redis.cluster import RedisCluster
from redis.commands.core import Script
from redis.lock import Lock

from stoflow import redis_clients

logger = logging.getLogger(__name__)

REASON_OK, REASON_LIMIT, REASON_UNAVAILABLE = "ok", "limit", "unavailable"
_MISSING, _DENIED, _GRANTED, _HELD, _READ = -1, 0, 1, 2, 3
_LUA = (Path(__file__).with_name("sliding_log.lua")).read_text()


@dataclass(frozen=True)
class Window:
    """At most `limit` attempts in any `seconds`-long window."""

    limit: int
    seconds: int

    def __post_init__(self) -> None:
        if int(self.limit) < 1 or int(self.seconds) < 1:
            raise ValueError(f"a window needs limit >= 1 and seconds >= 1, not {self}")


@dataclass(frozen=True)
class Policy:
    windows: tuple[Window, ...]

    def __post_init__(self) -> None:
        if not self.windows:
            raise ValueError("a policy needs at least one window")
        object.__setattr__(self, "windows", tuple(self.windows))

    @property
    def longest_seconds(self) -> int:
        return max(w.seconds for w in self.windows)


@dataclass(frozen=True)
class WindowState:
    limit: int
    seconds: int
    used: int  # attempts inside the window, capped at limit (see exhaust)
    remaining: int
    next_slot_at: datetime  # when the next slot frees (now if remaining > 0), Redis clock;
    # from status(slots=k): when k slots are free at once
    retry_after: float  # seconds until next_slot_at (0 if it is now)


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str  # "ok" | "limit" | "unavailable"
    windows: tuple[WindowState, ...]
    retry_at: datetime | None  # when a denied reservation may succeed (max over windows)
    now: datetime  # Redis server time (local time when Redis is unavailable)
    already_reserved: bool = False  # reserve(): this attempt id already held a slot

    @property
    def retry_after(self) -> float:
        return max(0.0, (self.retry_at - self.now).total_seconds()) if self.retry_at else 0.0

    @property
    def remaining(self) -> int:
        return min(w.remaining for w in self.windows) if self.windows else 0


class _Unavailable(Exception):
    """Redis or the attempts log could not answer."""


# --- Redis connection -----------------------------------------------------------------------

_clients: dict[str, tuple[redis.Redis | RedisCluster, Script]] = {}


def url() -> str:
    """LIMITER_REDIS_URL, or the broker's REDIS_URL when it is not set."""
    return settings.LIMITER_REDIS_URL or settings.REDIS_URL


def _client_and_script() -> tuple[redis.Redis | RedisCluster, Script]:
    # A noeviction instance (an evicted key would reset a window), or a Redis Cluster of them:
    # every script runs on one key, and a key and its rebuild lock share a hash tag (one slot).
    url_ = url()
    entry = _clients.get(url_)
    if entry is None:
        timeout = settings.RATELIMIT_REDIS_TIMEOUT_SECONDS
        # Every mode is idempotent (reserve per attempt id), so a retried script cannot double-count.
        client = redis_clients.connect(url_, timeout=timeout, retry_once=True)
        entry = _clients[url_] = (client, client.register_script(_LUA))
    return entry


def client() -> redis.Redis | RedisCluster:
    """The limiter's Redis client of this process (url()): short timeouts and one
    immediate retry. Other Redis state that must never be evicted (the Vinted account locks and
    pauses) shares it rather than opening pools of its own."""
    return _client_and_script()[0]


def redis_key(key: str) -> str:
    # The hash tag keeps the log and its rebuild lock in one Cluster slot. Redis ignores an empty
    # tag ("{}", from a key that is empty or starts with "}") and hashes the whole name: such a
    # key gets a non-empty tag under a prefix of its own, so it cannot meet any other key's name.
    if not key or key.startswith("}"):
        return f"rl0:{{.{key}}}"
    return f"rl:{{{key}}}"


# --- clock override for tests only ----------------------------------------------------------

_clock_ms: int | None = None


@contextmanager
def frozen_clock(ms: int) -> Iterator[None]:
    """Tests only: evaluate with this Redis time. Refused outside the test settings, so no
    caller can ever inject a worker's clock in production."""
    global _clock_ms
    if not settings.TESTING:
        raise RuntimeError("the limiter clock can only be frozen in tests")
    previous, _clock_ms = _clock_ms, int(ms)
    try:
        yield
    finally:
        _clock_ms = previous


def _run(
    key: str, mode: str, member: str, policy: Policy | None, *, check_missing: bool, extra: Iterable[str | int] = ()
) -> list[int]:
    windows = policy.windows if policy else ()
    args: list[str | int] = [
        mode,
        member,
        "1" if check_missing else "0",
        "" if _clock_ms is None else str(_clock_ms),
        len(windows),
    ]
    for window in windows:
        args += [int(window.limit), int(window.seconds) * 1000]
    args += list(extra)
    try:
        # Inside the try: a cluster client reads the slot map when it is made, and may fail then.
        _client, script = _client_and_script()
        return [int(v) for v in script(keys=[redis_key(key)], args=args)]
    except redis.RedisError as error:
        raise _Unavailable(str(error)) from error


# --- durable backstop: rebuilding a lost key from the caller's attempts log -----------------

AttemptLoader = Callable[[str, int], Iterable[tuple[str, int]]]
_loaders: list[tuple[str, AttemptLoader]] = []


def register_attempt_log(key_prefix: str, loader: AttemptLoader) -> None:
    """For keys starting with key_prefix, loader(key, since_ms) returns the (attempt_id,
    reserved_at_ms) pairs of the caller's durable attempts log; a key Redis lost is rebuilt
    from them before the next reservation or status read on it."""
    global _loaders
    _loaders = [entry for entry in _loaders if entry[0] != key_prefix] + [(key_prefix, loader)]
    _loaders.sort(key=lambda entry: len(entry[0]), reverse=True)


def unregister_attempt_log(key_prefix: str) -> None:
    global _loaders
    _loaders = [entry for entry in _loaders if entry[0] != key_prefix]


def _loader_for(key: str) -> AttemptLoader | None:
    return next((loader for prefix, loader in _loaders if key.startswith(prefix)), None)


def _rebuild(key: str, policy: Policy, loader: AttemptLoader, now_ms: int) -> None:
    since_ms = now_ms - policy.longest_seconds * 1000
    try:
        rows = [(str(attempt_id), int(at_ms)) for attempt_id, at_ms in loader(key, since_ms)]
    except Exception as error:  # the caller's database: any failure means we cannot know
        logger.exception("attempts log for %s could not be read; refusing until it can", key)
        raise _Unavailable(str(error)) from error
    extra = [value for attempt_id, at_ms in rows for value in (attempt_id, at_ms)]
    _run(key, "rebuild", "", policy, check_missing=False, extra=extra)
    if rows:
        logger.warning("rate-limit key %s was missing in Redis; rebuilt %d attempts from the log", key, len(rows))


def _run_with_rebuild(key: str, mode: str, member: str, policy: Policy) -> list[int]:
    """Runs the script; when the key is missing and a log exists, rebuilds it under a short lock
    (so concurrent callers do not reserve on an empty set meanwhile) and runs it again."""
    loader = _loader_for(key)
    raw = _run(key, mode, member, policy, check_missing=loader is not None)
    if raw[0] != _MISSING or loader is None:  # without a loader the script never reports a missing key
        return raw
    client, _script = _client_and_script()
    lock_key = redis_key(key) + ":rebuild"
    lock_ms = settings.RATELIMIT_REBUILD_LOCK_MS
    deadline = time.monotonic() + 2 * lock_ms / 1000
    while True:
        lock = client.lock(lock_key, timeout=lock_ms / 1000, blocking=False, thread_local=False)
        try:
            locked = lock.acquire()
        except redis.RedisError as error:
            raise _Unavailable(str(error)) from error
        if locked:
            try:
                _rebuild(key, policy, loader, raw[1])
                # Still under the lock, so nobody reserves on a half-built set.
                return _run(key, mode, member, policy, check_missing=False)
            finally:
                _release_lock(lock)
        time.sleep(0.005)
        raw = _run(key, mode, member, policy, check_missing=True)
        if raw[0] != _MISSING:
            return raw
        if time.monotonic() > deadline:
            raise _Unavailable("rebuild lock held too long")


def _release_lock(lock: Lock) -> None:
    try:
        lock.release()
    except redis.RedisError:  # LockError included: it expired (and was perhaps taken) meanwhile
        pass  # or Redis is gone: the lock expires on its own within RATELIMIT_REBUILD_LOCK_MS


# --- decisions ------------------------------------------------------------------------------


def _at(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, tz=UTC)


def _decision(raw: list[int], policy: Policy, slots: int = 1) -> Decision:
    status, now_ms = raw[0], raw[1]
    states = []
    for i, window in enumerate(policy.windows):
        count, next_ms = raw[2 + 2 * i], raw[3 + 2 * i]
        remaining = max(0, window.limit - count)
        next_ms = now_ms if remaining >= min(slots, window.limit) else max(next_ms, now_ms)
        states.append(
            WindowState(
                limit=window.limit,
                seconds=window.seconds,
                used=min(count, window.limit),
                remaining=remaining,
                next_slot_at=_at(next_ms),
                retry_after=(next_ms - now_ms) / 1000,
            )
        )
    if status in (_GRANTED, _HELD):
        allowed = True
    elif status == _DENIED:
        allowed = False
    else:
        allowed = all(state.remaining >= min(slots, state.limit) for state in states)
    retry_at = None if allowed else max(state.next_slot_at for state in states)
    return Decision(
        allowed=allowed,
        reason=REASON_OK if allowed else REASON_LIMIT,
        windows=tuple(states),
        retry_at=retry_at,
        now=_at(now_ms),
        already_reserved=status == _HELD,
    )


def _unavailable(policy: Policy, error: Exception) -> Decision:
    now = datetime.now(tz=UTC)
    retry_at = now + timedelta(seconds=settings.RATELIMIT_UNAVAILABLE_RETRY_SECONDS)
    states = tuple(
        WindowState(
            limit=w.limit,
            seconds=w.seconds,
            used=w.limit,
            remaining=0,
            next_slot_at=retry_at,
            retry_after=float(settings.RATELIMIT_UNAVAILABLE_RETRY_SECONDS),
        )
        for w in policy.windows
    )
    logger.error("rate limiter unavailable (decision: not allowed, reason unavailable): %s", error)
    return Decision(allowed=False, reason=REASON_UNAVAILABLE, windows=states, retry_at=retry_at, now=now)


# --- public API -----------------------------------------------------------------------------


def reserve(key: str, attempt_id: str, policy: Policy) -> Decision:
    """Takes a slot for attempt_id in every window of the policy, or none if any window is full.

    Idempotent: reserving the same attempt id again answers allowed without a second slot.
    Fails closed: never raises for Redis or attempts-log failures.
    """
    if not attempt_id:
        raise ValueError("reserve() needs an attempt id")
    try:
        return _decision(_run_with_rebuild(key, "reserve", str(attempt_id), policy), policy)
    except _Unavailable as error:
        return _unavailable(policy, error)


def status(key: str, policy: Policy, slots: int = 1) -> Decision:
    """Read-only view: used, remaining and next free slot per window; allowed = a reservation
    would pass now. Rebuilds a lost key from the attempts log first, so it never shows a
    budget that the next reservation would not grant.

    With slots=k: allowed = k reservations would pass now, and retry_at = when k slots are free
    at once (k capped at each window's limit), for work that should not stop half-way."""
    if slots < 1:
        raise ValueError("status() needs slots >= 1")
    try:
        return _decision(_run_with_rebuild(key, "status", str(slots), policy), policy, slots)
    except _Unavailable as error:
        return _unavailable(policy, error)


def release(key: str, attempt_id: str) -> None:
    """Gives a slot back. Only for an attempt proven never sent: nothing left the machine (DNS
    failure, connection refused before any byte was written) or it was cancelled before the
    call. After a timeout, a reset or any answer, the slot stays spent."""
    try:
        _run(key, "release", str(attempt_id), None, check_missing=False)
    except _Unavailable as error:
        # The slot stays counted until it ages out: conservative, never an overshoot.
        logger.warning("could not release a slot on %s: %s", key, error)


def exhaust(key: str, policy: Policy, reason: str = "") -> None:
    """Closes every window of the policy for its full length from now (after a 429 or a bot
    challenge: the other side's count is the truth)."""
    try:
        _run(key, "exhaust", uuid.uuid4().hex, policy, check_missing=False)
        logger.warning("rate-limit key %s exhausted: %s", key, reason or "no reason given")
    except _Unavailable as error:
        logger.error("could not exhaust %s (%s): %s", key, reason, error)


def clear(key: str) -> None:
    """Forgets every attempt on a key (a successful sign-in clears its account's failures).
    Never use it on a key that guards an external budget."""
    try:
        _client_and_script()[0].delete(redis_key(key))
    except redis.RedisError as error:
        logger.warning("could not clear %s: %s", key, error)
