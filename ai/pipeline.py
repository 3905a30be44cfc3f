"""Cache-or-generate for one key, with the stampede lock: of the concurrent requests for one
key, one calls upstream and the others wait for its value. Knows nothing of the database."""

from collections.abc import Callable

from . import cache
from .errors import GenerationError

# Failures that would fail the same way again soon: remembered briefly (docs/decisions/0012-ai-description-cache.md).
NEGATIVE = ("refused", "ungrounded")


def fetch_or_generate(key: str, produce: Callable[[], dict]) -> tuple[dict, bool]:
    """(value, True) for a cache hit, (value, False) when `produce` ran. `produce` raises
    GenerationError on failure; the value is cached right after it returns."""
    value = cache.get(key)
    if value is not None:
        return value, True
    failed = cache.get_failure(key)
    if failed:
        raise GenerationError(failed if failed in NEGATIVE else "internal", "remembered failure")
    lock = cache.acquire(key)
    if lock is None:
        value = cache.wait_for(key, timeout=cache.lock_ms() / 1000)
        if value is not None:
            return value, True
        lock = cache.acquire(key)  # the holder failed or vanished: try ourselves
        if lock is None:
            raise GenerationError("unavailable", "another request is still writing", retryable=True)
    try:
        value = cache.get(key)  # written between our miss and our lock
        if value is not None:
            return value, True
        try:
            value = produce()
        except GenerationError as exc:
            if exc.code in NEGATIVE:
                cache.put_failure(key, exc.code)
            raise
        cache.put(key, value)
        return value, False
    finally:
        cache.release(lock)
