"""API tokens: random keys shown once, stored as SHA-256 hashes, revocable."""
import hashlib
import secrets
from datetime import timedelta

from django.utils import timezone

from .models import ApiToken, Membership

KEY_PREFIX = "sfk_"


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def create(membership: Membership, name: str) -> tuple[ApiToken, str]:
    """Returns the token row and the key, which is never retrievable again."""
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(membership=membership, name=name.strip()[:64] or "API",
                                    prefix=key[:12], key_hash=_hash(key))
    return token, key


def revoke(membership: Membership, public_id) -> bool:
    return bool(ApiToken.objects.filter(membership=membership, public_id=public_id,
                                        revoked_at__isnull=True).update(revoked_at=timezone.now()))


def authenticate(key: str) -> ApiToken | None:
    """The active token for this key, with a membership still in place, or None."""
    token = (ApiToken.objects.select_related("membership__tenant__tier", "membership__user")
             .filter(key_hash=_hash(key), revoked_at__isnull=True).first())
    if token is None or not token.membership.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
