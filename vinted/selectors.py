"""Reads of the vinted app."""

import datetime
import uuid

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from . import domains
from .models import VintedAccount

EXPIRING_SECONDS = 600


def accounts() -> QuerySet[VintedAccount]:
    return VintedAccount.objects.order_by("created_at")


def account(public_id: uuid.UUID | str) -> VintedAccount | None:
    return VintedAccount.objects.filter(public_id=public_id).first()


def connected_count() -> int:
    return VintedAccount.objects.exclude(status=VintedAccount.Status.DISCONNECTED).count()


def display_status(account: VintedAccount, now: datetime.datetime | None = None) -> str:
    """The stored status, with expiry worked out from the access token's `exp` as time passes."""
    now = now or timezone.now()
    if account.status != VintedAccount.Status.CONNECTED or account.access_expires_at is None:
        return account.status
    if account.access_expires_at <= now:
        return VintedAccount.Status.EXPIRED
    if account.access_expires_at <= now + datetime.timedelta(seconds=EXPIRING_SECONDS):
        return VintedAccount.Status.EXPIRING
    return VintedAccount.Status.CONNECTED


def sending_blocked(account: VintedAccount, now: datetime.datetime | None = None) -> str:
    """Why nothing can be sent on this account now, and what the seller does about it ("" when it can)."""
    status = display_status(account, now)
    if status == VintedAccount.Status.DISCONNECTED or not account.sealed_session:
        return _("This Vinted account is disconnected: reconnect it with the Stoflow extension.")
    if status == VintedAccount.Status.CHALLENGE_REQUIRED:
        return _(
            "Vinted asked for a security check on this account. Open Vinted in your own browser, complete "
            "the check there and let the extension send a fresh session: then this can run."
        )
    if status == VintedAccount.Status.EXPIRED:
        return _(
            "The Vinted session of this account has expired. Open Vinted in the browser where the Stoflow "
            "extension is installed: it sends a fresh session, then this can run."
        )
    return ""


def site_label(account: VintedAccount) -> str:
    try:
        return domains.site_for(account.domain).label
    except domains.DomainNotAllowed:
        return account.domain


def currency_of(account: VintedAccount) -> str:
    return domains.site_for(account.domain).currency
