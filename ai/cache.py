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


def _photo_request(*, shop_id: str, photo_hashes: list[str], language: str, model: str) -> dict:
    """What every photo proposal key holds: the shop, the photos, the language and what the model
    is asked (task, model, prompt version and the output schema's hash)."""
    from . import vision

    return {
        "shop": str(shop_id),
        "task": vision.TASK,
        "model": model,
        "pv": vision.VISION_PROMPT_VERSION,
        "schema": hashlib.sha256(json.dumps(vision.OUTPUT_SCHEMA, sort_keys=True).encode()).hexdigest()[:16],
        "language": language,
        "photos": photo_hashes,
    }


def photo_cache_key(
    *, shop_id: str, photo_hashes: list[str], language: str, shortlist_ids: list[int], colours: list[str], model: str
) -> str:
    """Key of a photo proposal: the photos by content hash (in order: the model cites photo numbers),
    the language, and what the answer may choose from (shortlist and colour list)."""
    from . import vision

    doc = {
        **_photo_request(shop_id=shop_id, photo_hashes=photo_hashes, language=language, model=model),
        "shortlist": sorted(shortlist_ids),
        "colours": colours,
    }
    blob = json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return f"llm:photos:v{vision.VISION_PROMPT_VERSION}:{hashlib.sha256(blob.encode()).hexdigest()}"


# A photo proposal's key needs the category shortlist and the colour list, each a cache read that
# depends on another (the shortlist is cached under the catalog's version): four reads in a row
# before the value. The "hit pointer" is keyed by what the caller already knows, holds the value
# with the catalog version and colour list it was computed under, and is read with those two in
# one MGET. It never outlives the shortlist or colour-list entries it was built from, so it
# answers exactly what the full path would (docs/ai.md, "Photo proposal").
PHOTO_HIT_PREFIX = "llm:photos-hit:"


def _one_server(stores: list) -> bool:
    first = stores[0]
    return all(
        getattr(s, "_server", None) == getattr(first, "_server", object())
        and s._params.get("OPTIONS") == first._params.get("OPTIONS")
        for s in stores
    )


def read_across(entries: list[tuple[str, str]]) -> list:
    """Values (None when absent) of (cache alias, key) pairs: one MGET when the caches share a
    Redis and a serializer (settings give them one CACHE_REDIS_URL, each its own key prefix), one
    read per entry otherwise."""
    stores = [caches[alias] for alias, _key in entries]
    if not _one_server(stores):
        return [s.get(key) for s, (_alias, key) in zip(stores, entries, strict=True)]
    client = stores[0].client
    raw = client.get_client(write=False).mget(
        [s.make_key(key) for s, (_alias, key) in zip(stores, entries, strict=True)]
    )
    return [None if value is None else client.decode(value) for value in raw]


def lives_across(entries: list[tuple[str, str]]) -> list[int | None]:
    """Milliseconds each (cache alias, key) has left: 0 when absent, None when it never expires;
    one pipeline when the caches share a Redis."""
    stores = [caches[alias] for alias, _key in entries]
    if not _one_server(stores):
        return [s.pttl(key) for s, (_alias, key) in zip(stores, entries, strict=True)]
    pipe = stores[0].client.get_client(write=False).pipeline(transaction=False)
    for s, (_alias, key) in zip(stores, entries, strict=True):
        pipe.pttl(s.make_key(key))
    return [0 if ms == -2 else None if ms == -1 else ms for ms in pipe.execute()]


def photo_request_key(*, shop_id: str, photo_hashes: list[str], language: str, hint: str, model: str) -> str:
    """What a photo proposal's request says before any read: the shortlist's name stands for the shortlist."""
    from . import selectors

    doc = {
        **_photo_request(shop_id=shop_id, photo_hashes=photo_hashes, language=language, model=model),
        "shortlist": selectors.shortlist_cache_name(hint),
    }
    blob = json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return PHOTO_HIT_PREFIX + hashlib.sha256(blob.encode()).hexdigest()


def _colour_names(colours) -> list[str]:
    return [c.name for c in colours if c.hex]


def read_photo_hit(request_key: str) -> tuple[str, dict] | None:
    """(full key, cached proposal) for the request, in one round trip, or None (then take the full path)."""
    from catalog import cache as catalog_cache

    from .selectors import PALETTE_CACHE_KEY

    entry, version, palette = read_across(
        [(ALIAS, request_key), ("default", catalog_cache.VERSION_KEY), ("shared", PALETTE_CACHE_KEY)]
    )
    if entry is None or palette is None or entry["version"] != version:
        return None
    if entry["colours"] != _colour_names(palette):
        return None
    return entry["key"], entry["value"]


def remember_photo_hit(
    request_key: str, value: dict, *, key: str, catalog_version: int, hint: str, colours: list[str]
) -> None:
    """Arms the pointer after the full path, for as long as the entries its key was built from
    live (the shortlist read at `catalog_version`, the colour list)."""
    from catalog import cache as catalog_cache

    from .selectors import PALETTE_CACHE_KEY, shortlist_cache_name

    asked = time.monotonic()
    lives = lives_across(
        [("default", catalog_cache.key(shortlist_cache_name(hint), catalog_version)), ("shared", PALETTE_CACHE_KEY)]
    )
    if any(not ms for ms in lives):  # gone already (0), or a version moved on meanwhile
        return
    # Less the time the reads took, so the pointer expires no later than what it was built from.
    ms = min([m for m in lives if m is not None] + [settings.AI_CACHE_TTL_SECONDS * 1000])
    ms -= (time.monotonic() - asked) * 1000 + 1
    if ms <= 0:
        return
    entry = {"version": catalog_version, "colours": colours, "key": key, "value": value}
    store().set(request_key, entry, timeout=ms / 1000)
