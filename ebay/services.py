"""Connecting and disconnecting eBay accounts through eBay's consent page (authorization code grant)."""

import secrets
import time

from django.contrib.sessions.backends.base import SessionBase
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from tenants import quotas
from tenants.connection import current_schema_name, tenant_connection

from . import config, oauth, tokens
from .directory.models import EbayUserShop
from .jobs.services import resume_waiting_reconnect
from .models import EbayAccount

SESSION_KEY = "ebay_consent"
CONSENT_SECONDS = 15 * 60  # eBay's code lives 5 min; the seller may take longer to sign in


class ConnectError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def start_consent(session: SessionBase, marketplace_id: str) -> str:
    """The consent page URL for this shop and marketplace; the state it carries is kept in the
    server-side session, with the shop, and checked once when the seller comes back."""
    if marketplace_id not in config.MARKETPLACES:
        raise ConnectError(_("Choose one of the eBay sites offered."))
    # Refused before the seller signs in on eBay; an account already on this site may be the one
    # reconnecting, so finish_consent has the last word once the eBay user is known.
    if not EbayAccount.objects.filter(marketplace_id=marketplace_id).exists():
        _check_plan()
    state = secrets.token_urlsafe(32)
    session[SESSION_KEY] = {
        "state": state,
        "marketplace": marketplace_id,
        "schema": current_schema_name(),
        "at": time.time(),
    }
    return oauth.consent_url(marketplace_id, state)


@sensitive_variables("code", "grant")
def finish_consent(session: SessionBase, *, state: str, code: str) -> EbayAccount:
    """Check the state, exchange the code, learn who the seller is, and store the account sealed."""
    pending = session.pop(SESSION_KEY, None)
    if (
        not pending
        or not state
        or not secrets.compare_digest(str(pending.get("state")), state)
        or pending.get("schema") != current_schema_name()
    ):
        raise ConnectError(_("This eBay answer does not match a connection started here. Start again."))
    if time.time() - pending["at"] > CONSENT_SECONDS:
        raise ConnectError(_("The eBay connection took too long. Start again."))
    if not code:
        raise ConnectError(_("eBay sent no authorization. Start again."))
    try:
        grant = oauth.exchange_code(code)
        user = oauth.who_am_i(grant.access_token)
    except oauth.OAuthError as error:
        if error.kind == "unavailable":
            raise ConnectError(_("eBay did not answer. Try again in a few minutes.")) from None
        raise ConnectError(_("eBay refused the connection. Start again.")) from None
    with transaction.atomic():
        account = (
            EbayAccount.objects.select_for_update()
            .filter(ebay_user_id=user["userId"], marketplace_id=pending["marketplace"])
            .first()
        )
        if account is None:
            _check_plan()
            account = EbayAccount(ebay_user_id=user["userId"], marketplace_id=pending["marketplace"])
        account.username = user["username"][:64]
        account.scopes = " ".join(config.USER_SCOPES)
        account.status = EbayAccount.Status.CONNECTED
        account.status_reason = ""
        tokens.store_grant(account, grant)
        try:
            account.save()
        except IntegrityError:  # the same seller connected twice at once: the other one won
            raise ConnectError(_("This eBay account is already connected.")) from None
        EbayUserShop.objects.get_or_create(ebay_user_id=account.ebay_user_id, tenant_schema=current_schema_name())
        resume_waiting_reconnect(account)  # jobs that waited for this consent go on
    return account


def _check_plan() -> None:
    try:
        quotas.check_can_add_platform(tenant_connection().tenant)
    except quotas.QuotaExceeded as error:
        raise ConnectError(str(error)) from None


def declined(session: SessionBase) -> None:
    session.pop(SESSION_KEY, None)


def disconnect(account: EbayAccount) -> None:
    """Forget the account and its tokens. eBay keeps the consent until the seller revokes it there."""
    with transaction.atomic():
        account.delete()
        if not EbayAccount.objects.filter(ebay_user_id=account.ebay_user_id).exists():
            EbayUserShop.objects.filter(ebay_user_id=account.ebay_user_id, tenant_schema=current_schema_name()).delete()
