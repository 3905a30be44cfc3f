"""The description cache on the evicting cache Redis (docs/decisions/0012-ai-description-cache.md).

Key: sha256 of canonical JSON of the shop, task, model, prompt version, output schema,
options and normalised facts. The shop is in the key explicitly: sharing across shops would
leak content and timing, and a task in the wrong schema must not collide on public keys.
Values go through Django's cache API on `caches["ai"]` (its own key prefix); a redis-py `Lock`
(through django-redis) makes concurrent requests for one key cost one upstream call.
"""

import hashlib
import json
import time

from django.conf import settings
from django.core.cache import caches
from redis.exceptions import LockError
from redis.lock import Lock

from .facts import ProductFacts
from .options import GenerationOptions
from .prompt import PROMPT_VERSION, schema_fingerprint

TASK = "listing"
ALIAS = "ai"


def store():
    return caches[ALIAS]


def cache_key(*, shop_id: str, facts: ProductFacts, options: GenerationOptions, model: str) -> str:
    doc = {
        "shop": str(shop_id),
        "task": TASK,
        "model": model,
        "pv": PROMPT_VERSION,
        "schema": hashlib.sha256(schema_fingerprint().encode()).hexdigest()[:16],
        "params": options.as_dict(),
        "inputs": facts.content(),
    }
    blob = json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return f"llm:v{PROMPT_VERSION}:{hashlib.sha256(blob.encode()).hexdigest()}"


def get(key: str) -> dict | None:
    return store().get(key)


def put(key: str, value: dict) -> None:
    store().set(key, value, timeout=settings.AI_CACHE_TTL_SECONDS)


def get_failure(key: str) -> str | None:
    return store().get("llm-fail:" + key)


def put_failure(key: str, code: str) -> None:
    """Short negative entry for permanent failures (refusal, invention), so they don't loop."""
    store().set("llm-fail:" + key, code, timeout=settings.AI_NEGATIVE_CACHE_SECONDS)


def lock_ms() -> int:
    # Covers one SDK attempt plus its one retry; an expired lock only allows a second call.
    return int((settings.AI_TIMEOUT_SECONDS * 2 + 10) * 1000)


def _lock(key: str) -> Lock:
    # Not thread-local: a test (or a timer) may release the lock from another thread.
    return store().lock("llm-lock:" + key, timeout=lock_ms() / 1000, blocking=False, thread_local=False)


def acquire(key: str) -> Lock | None:
    lock = _lock(key)
    return lock if lock.acquire() else None


def release(lock: Lock) -> None:
    try:
        lock.release()
    except LockError:
        pass  # it expired meanwhile: the waiters already went ahead


def wait_for(key: str, timeout: float) -> dict | None:
    """Poll while another request holds the lock; None when the lock went away without a value
    (the holder failed) or the wait timed out."""
    deadline = time.monotonic() + timeout
    delay = 0.02
    lock = _lock(key)
    while time.monotonic() < deadline:
        value = get(key)
        if value is not None:
            return value
        if not lock.locked():
            return get(key)
        time.sleep(delay)
        delay = min(delay * 1.5, 0.25)
    return None


def photo_cache_key(
    *, shop_id: str, photo_hashes: list[str], language: str, shortlist_ids: list[int], colours: list[str], model: str
) -> str:
    """Key of a photo proposal: the photos by content hash (in order: the model cites photo numbers),
    the language, and what the answer may choose from (shortlist and colour list)."""
    from . import vision

    doc = {
        "shop": str(shop_id),
        "task": vision.TASK,
        "model": model,
        "pv": vision.VISION_PROMPT_VERSION,
        "schema": hashlib.sha256(json.dumps(vision.OUTPUT_SCHEMA, sort_keys=True).encode()).hexdigest()[:16],
        "language": language,
        "photos": photo_hashes,
        "shortlist": sorted(shortlist_ids),
        "colours": colours,
    }
    blob = json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return f"llm:photos:v{vision.VISION_PROMPT_VERSION}:{hashlib.sha256(blob.encode()).hexdigest()}"
