"""The description cache on the evicting cache Redis (docs/decisions/0012-ai-description-cache.md).

Key: sha256 of canonical JSON of the shop, task, model, prompt version, output schema,
options and normalised facts. The shop is in the key explicitly: sharing across shops would
leak content and timing, and a task in the wrong schema must not collide on public keys.
A `SET NX PX` lock makes concurrent requests for one key cost one upstream call.
"""

import hashlib
import json
import secrets
import time

from django.conf import settings
from django_redis import get_redis_connection

from .facts import ProductFacts
from .options import GenerationOptions
from .prompt import PROMPT_VERSION, schema_fingerprint

TASK = "listing"
ALIAS = "ai"
_RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end"


def redis():
    return get_redis_connection(ALIAS)


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
    raw = redis().get(key)
    return json.loads(raw) if raw else None


def put(key: str, value: dict) -> None:
    redis().set(key, json.dumps(value, ensure_ascii=False), ex=settings.AI_CACHE_TTL_SECONDS)


def get_failure(key: str) -> str | None:
    raw = redis().get("llm-fail:" + key)
    return raw.decode() if raw else None


def put_failure(key: str, code: str) -> None:
    """Short negative entry for permanent failures (refusal, invention), so they don't loop."""
    redis().set("llm-fail:" + key, code, ex=settings.AI_NEGATIVE_CACHE_SECONDS)


def lock_ms() -> int:
    # Covers one SDK attempt plus its one retry; an expired lock only allows a second call.
    return int((settings.AI_TIMEOUT_SECONDS * 2 + 10) * 1000)


def acquire(key: str) -> str | None:
    token = secrets.token_hex(8)
    return token if redis().set("llm-lock:" + key, token, nx=True, px=lock_ms()) else None


def release(key: str, token: str) -> None:
    redis().eval(_RELEASE, 1, "llm-lock:" + key, token)


def wait_for(key: str, timeout: float) -> dict | None:
    """Poll while another request holds the lock; None when the lock went away without a value
    (the holder failed) or the wait timed out."""
    deadline = time.monotonic() + timeout
    delay = 0.02
    client = redis()
    while time.monotonic() < deadline:
        value = client.get(key)
        if value:
            return json.loads(value)
        if not client.exists("llm-lock:" + key):
            value = client.get(key)
            return json.loads(value) if value else None
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
