"""eBay's per-user call limits as limiter policies (ebay-api §8), on the ratelimit app.

Media API POSTs: at most 50 per 5 s per eBay user (documented), so the key is the eBay user, shared
by every shop that connected them. A slot is given back only when nothing left the machine.
"""

import uuid

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
