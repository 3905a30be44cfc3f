"""Sealing an account's tokens and handing out a valid access token, refreshed by the server itself."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop
from django.views.decorators.debug import sensitive_variables

from stoflow import secretbox
from tenants.connection import current_schema_name

from . import oauth
from .models import EbayAccount

REASON_REVOKED = gettext_noop("eBay no longer accepts Stoflow's access for this account. Reconnect it.")
# The official client refreshes five minutes early (ebay-api §2.3).
REFRESH_MARGIN = timedelta(minutes=5)


class ReconnectNeeded(Exception):
    """The seller's consent is gone (revoked, password changed, expired): only a new consent helps."""


def _aad(account: EbayAccount, purpose: str) -> bytes:
    return secretbox.aad(current_schema_name(), str(account.public_id), purpose)


@sensitive_variables("grant")
def store_grant(account: EbayAccount, grant: oauth.Grant) -> None:
    """Seal the grant's tokens into the account (not saved here)."""
    now = timezone.now()
    if grant.refresh_token:
        account.sealed_refresh_token = secretbox.seal(
            grant.refresh_token.encode(), associated_data=_aad(account, "ebay_refresh_token")
        )
        account.refresh_expires_at = now + timedelta(seconds=grant.refresh_token_expires_in or 47304000)
    account.sealed_access_token = secretbox.seal(
        grant.access_token.encode(), associated_data=_aad(account, "ebay_access_token")
    )
    account.access_expires_at = now + timedelta(seconds=grant.expires_in)


def open_refresh_token(account: EbayAccount) -> str:
    return secretbox.open_(account.sealed_refresh_token, associated_data=_aad(account, "ebay_refresh_token")).decode()


@sensitive_variables("refresh_token", "grant")
def access_token(account: EbayAccount) -> str:
    """A valid access token for the account: the stored one while it has more than five minutes left,
    else a new one from the refresh token. Raises ReconnectNeeded when eBay refuses the refresh token
    (the account is marked), oauth.OAuthError("unavailable") when eBay cannot answer now."""
    if account.status == EbayAccount.Status.RECONNECT_NEEDED or not account.sealed_refresh_token:
        raise ReconnectNeeded
    if (
        account.sealed_access_token
        and account.access_expires_at
        and account.access_expires_at - REFRESH_MARGIN > timezone.now()
    ):
        return secretbox.open_(account.sealed_access_token, associated_data=_aad(account, "ebay_access_token")).decode()
    try:
        grant = oauth.refresh(open_refresh_token(account), account.scopes)
    except oauth.OAuthError as error:
        if error.kind == "invalid_grant":
            mark_reconnect_needed(account, REASON_REVOKED)
            raise ReconnectNeeded from None
        raise
    with transaction.atomic():
        store_grant(account, grant)
        account.save(update_fields=["sealed_access_token", "access_expires_at", "updated_at"])
    return grant.access_token


def mark_reconnect_needed(account: EbayAccount, reason: str) -> None:
    account.status = EbayAccount.Status.RECONNECT_NEEDED
    account.status_reason = reason[:255]
    account.sealed_access_token = ""
    account.access_expires_at = None
    account.save(update_fields=["status", "status_reason", "sealed_access_token", "access_expires_at", "updated_at"])
