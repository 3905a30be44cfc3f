"""eBay's call limits as limiter policies (ebay-api §8), on the ratelimit app.

Media API POSTs: at most 50 per 5 s per eBay user (documented), so the key is the eBay user, shared
by every shop that connected them. A slot is given back only when nothing left the machine.
"""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

MEDIA_POLICY = "ebay_media"


def media_policy():
    from ratelimit.limiter import Policy, Window

    return Policy((Window(settings.EBAY_MEDIA_POSTS_PER_WINDOW, settings.EBAY_MEDIA_WINDOW_SECONDS),))


def media_key(ebay_user_id: str) -> str:
    return f"ebay:media:{settings.EBAY_ENVIRONMENT}:{ebay_user_id}"


def reserve_media(ebay_user_id: str):
    """(decision, attempt id) for one Media API POST of this eBay user."""
    from ratelimit import limiter, policies

    key = media_key(ebay_user_id)
    attempt_id = uuid.uuid4().hex
    policy = policies.resolve_policy(MEDIA_POLICY, subject_ref=key)
    return limiter.reserve(key, attempt_id, policy), attempt_id


def release_media(ebay_user_id: str, attempt_id: str) -> None:
    from ratelimit import limiter

    limiter.release(media_key(ebay_user_id), attempt_id)


def register_with_ratelimit() -> None:
    from ratelimit import policies

    policies.register_policy(MEDIA_POLICY, media_policy)
    for api in DAILY_LIMITS:
        policies.register_policy(daily_policy_name(api), _daily_default(api))


# Per application per day (ebay-api §8). eBay's day is a calendar day, not a rolling 24 h: a fixed-day
# counter (one Redis INCR per call) is exact here and costs a few bytes, where a sliding log would keep
# one member per call, up to 2 000 000 a day for the Inventory API. Staff override the limits like any
# policy (its one window's limit; the window's length is not used).
DAILY_LIMITS = {
    "inventory": ("EBAY_INVENTORY_CALLS_PER_DAY", ("/sell/inventory/",)),
    "account": ("EBAY_ACCOUNT_CALLS_PER_DAY", ("/sell/account/",)),
    "fulfillment": ("EBAY_FULFILLMENT_CALLS_PER_DAY", ("/sell/fulfillment/",)),
    "taxonomy": ("EBAY_TAXONOMY_CALLS_PER_DAY", ("/commerce/taxonomy/",)),
}
DAY = 86400
# The day eBay counts in: its documented reset is midnight US Pacific (the Trading API's day; REST
# resets are only reported by the Analytics API), so that is when our counter starts again.
EBAY_DAY_ZONE = "America/Los_Angeles"


@dataclass(frozen=True)
class DailyDecision:
    allowed: bool
    used: int
    limit: int
    retry_at: datetime | None


def daily_policy_name(api: str) -> str:
    return f"ebay_{api}_daily"


def daily_api_of(url: str) -> str | None:
    return next((api for api, (_s, prefixes) in DAILY_LIMITS.items() if any(p in url for p in prefixes)), None)


def _redis():
    import redis

    return redis.Redis.from_url(settings.REDIS_URL)


def _day_bounds(now: datetime) -> tuple[str, datetime]:
    local = now.astimezone(ZoneInfo(EBAY_DAY_ZONE))
    start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    end = (start + timedelta(days=1, hours=2)).replace(hour=0)  # safe across a change of clock
    return start.date().isoformat(), end.astimezone(UTC)


def daily_key(api: str, now: datetime) -> str:
    day, _end = _day_bounds(now)
    return f"ebay:daily:{settings.EBAY_ENVIRONMENT}:{settings.EBAY_CLIENT_ID}:{api}:{day}"


def daily_limit(api: str) -> int:
    from ratelimit import policies

    return policies.resolve_policy(daily_policy_name(api), subject_ref=settings.EBAY_CLIENT_ID).windows[0].limit


def reserve_daily(api: str, now: datetime | None = None) -> DailyDecision:
    """Count one call of the application to `api` today, or refuse it once the day's limit is reached
    (retry at the start of eBay's next day). Fails closed when Redis cannot answer."""
    now = now or datetime.now(tz=UTC)
    limit = daily_limit(api)
    _day, end = _day_bounds(now)
    key = daily_key(api, now)
    try:
        client = _redis()
        with client.pipeline() as pipe:
            used, _ = pipe.incr(key).expire(key, 2 * DAY).execute()
        if used > limit:
            client.decr(key)
            return DailyDecision(False, limit, limit, end)
    except Exception:  # noqa: BLE001 (any Redis failure: nothing is sent, as the limiter does)
        return DailyDecision(False, 0, limit, now + timedelta(seconds=settings.RATELIMIT_UNAVAILABLE_RETRY_SECONDS))
    return DailyDecision(True, used, limit, None)


def release_daily(api: str, now: datetime | None = None) -> None:
    """Give back a call that never left the machine."""
    try:
        _redis().decr(daily_key(api, now or datetime.now(tz=UTC)))
    except Exception:  # noqa: BLE001 (a lost give-back only makes the counter one call too careful)
        pass


def daily_status(api: str, now: datetime | None = None) -> DailyDecision:
    now = now or datetime.now(tz=UTC)
    limit = daily_limit(api)
    try:
        used = int(_redis().get(daily_key(api, now)) or 0)
    except Exception:  # noqa: BLE001
        used = 0
    return DailyDecision(used < limit, used, limit, None if used < limit else _day_bounds(now)[1])


def _daily_default(api: str):
    from ratelimit.limiter import Policy, Window

    return lambda: Policy((Window(int(getattr(settings, DAILY_LIMITS[api][0])), DAY),))
