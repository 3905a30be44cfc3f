"""API tokens: random keys shown once, stored as SHA-256 hashes, revocable."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import signals
from .models import ApiToken, Membership

KEY_PREFIX = "sfk_"


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class TooManyTokens(Exception):
    """The membership already holds as many active tokens as allowed; the message says what to do."""


@transaction.atomic
def create(membership: Membership, name: str) -> tuple[ApiToken, str]:
    """Returns the token row and the key, which is never retrievable again."""
    # The membership row is the lock: two requests cannot both see room for the last token.
    Membership.objects.select_for_update().filter(pk=membership.pk).first()
    limit = settings.API_TOKENS_PER_MEMBERSHIP
    if ApiToken.objects.filter(membership=membership, revoked_at__isnull=True).count() >= limit:
        raise TooManyTokens(
            _(
                "You can have at most %(limit)s active tokens in this shop. "
                "Revoke one you no longer use, then create the new one."
            )
            % {"limit": limit}
        )
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        membership=membership, name=name.strip()[:64] or "API", prefix=key[:12], key_hash=_hash(key)
    )
    signals.token_created.send(sender=ApiToken, token=token, actor=membership.user)
    return token, key


def revoke(membership: Membership, public_id) -> bool:
    token = ApiToken.objects.filter(membership=membership, public_id=public_id, revoked_at__isnull=True).first()
    if token is None:
        return False
    revoked = bool(ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now()))
    if revoked:
        signals.token_revoked.send(sender=ApiToken, token=token, actor=membership.user)
    return revoked


def authenticate(key: str) -> ApiToken | None:
    """The active token for this key, with a membership still in place, or None."""
    token = (
        ApiToken.objects.select_related("membership__tenant__tier", "membership__user")
        .filter(key_hash=_hash(key), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.membership.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
