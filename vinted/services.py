"""Writes of the vinted app: connecting, refreshing and disconnecting accounts."""

import datetime
import logging
import uuid
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from audit.services import record
from ratelimit import limiter
from ratelimit.throttling import parse_rates
from stoflow import secretbox
from stoflow.api_errors import Refusal
from tenants import quotas
from tenants.connection import current_schema_name
from tenants.models import Tenant

from . import budget, domains, tokens
from .client import Kind, Outcome, VintedClient
from .jobs import schedule
from .models import PricingRule, VintedAccount
from .sessions import VintedSession, open_session, seal_session
from .signals import session_refreshed

log = logging.getLogger(__name__)


class ConnectError(Refusal):
    """A session that cannot be stored; `field` names the payload field at fault, and the API
    answers `status` (stoflow.api_errors)."""

    def __init__(self, field: str, message: str, status: int = 400):
        super().__init__(message, field=field)
        self.status = self.status_code = status


class AccountUnavailable(Exception):
    """The account must not talk to Vinted now (disconnected, or waiting for a human)."""


@dataclass
class Capture:
    """One export from the extension, validated by the serializer."""

    domain: str
    session: VintedSession
    vinted_user_id: int | None = None
    captured_at: datetime.datetime | None = None

    def __repr__(self) -> str:
        return f"<Capture {self.domain} {self.vinted_user_id}>"


@sensitive_variables("session")
def _client(site: domains.Site, session: VintedSession, account: VintedAccount | None) -> VintedClient:
    key = budget.account_key(site.key, account.vinted_user_id) if account else None
    on_outcome = (lambda outcome: note_outcome(account, outcome)) if account else None
    return VintedClient(site, session, budget_key=key, on_outcome=on_outcome)


def client_for(account: VintedAccount) -> VintedClient:
    """A client for this account; opens its session (the only place that decrypts)."""
    if not account.is_connected:
        raise AccountUnavailable(_("This Vinted account is disconnected."))
    if account.status == VintedAccount.Status.CHALLENGE_REQUIRED:
        raise AccountUnavailable(_("Vinted asked for a check: open Vinted in your browser, then reconnect."))
    site = domains.site_for(account.domain)
    return _client(site, open_session(account), account)


def save_session_changes(account: VintedAccount, client: VintedClient) -> None:
    """Persist a refetched CSRF token or a newer datadome cookie the client picked up."""
    if client.session_changed:
        account.sealed_session = seal_session(account, client.session)
        account.save(update_fields=["sealed_session", "updated_at"])
        client.session_changed = False


def note_outcome(account: VintedAccount, outcome: Outcome) -> None:
    """What Vinted's answer says about the account itself.

    A 429 leaves the account as it is: the client has filled its request budget for a full
    window, which is the cool-down, and its jobs resume by themselves after it (docs/vinted-api.md §9.5).
    A challenge needs the seller, in their own browser."""
    status = {
        Kind.SESSION_EXPIRED: VintedAccount.Status.EXPIRED,
        Kind.BOT_CHALLENGE: VintedAccount.Status.CHALLENGE_REQUIRED,
    }.get(outcome.kind)
    if status is None or not outcome.sent:
        return
    reason = {
        Kind.SESSION_EXPIRED: _("Vinted no longer accepts this session."),
        Kind.BOT_CHALLENGE: _("Vinted asked for a security check."),
    }[outcome.kind]
    VintedAccount.objects.filter(pk=account.pk).update(status=status, status_reason=reason, updated_at=timezone.now())
    log.warning("vinted account %s in %s is now %s", account.public_id, current_schema_name(), status)
    account.status, account.status_reason = status, reason
    schedule.refresh(account)  # update() sends no post_save: no longer connected, no periodic sync


@sensitive_variables("capture", "claims")
def connect(capture: Capture, *, tenant: Tenant) -> tuple[VintedAccount, bool]:
    """Verify an exported session with Vinted, then create or update its account.

    Returns (account, created). Raises ConnectError naming the payload field when the
    session is unusable.
    """
    try:
        site = domains.resolve(capture.domain)
    except domains.DomainNotAllowed:
        raise ConnectError("domain", domains.refusal_message()) from None
    try:
        claims = tokens.claims(capture.session.access_token)
    except tokens.NotAToken:
        raise ConnectError("cookies.access_token_web", _("This is not a Vinted access token.")) from None
    expires_at = tokens.expires_at(claims)
    if expires_at is not None and expires_at <= timezone.now():
        raise ConnectError(
            "cookies.access_token_web",
            _("This session has already expired: open Vinted in your browser and try again."),
        )
    token_user = tokens.user_id(claims)
    if capture.vinted_user_id and token_user and capture.vinted_user_id != token_user:
        raise ConnectError("vinted_user_id", _("This id does not match the session's Vinted user."))

    known = _same_session_recently_verified(site, token_user, capture)
    if known is not None:
        # The extension re-exports on every datadome change and every 5 minutes: the same access
        # token checked a moment ago needs no new who-am-I (reads are kept sparse).
        return _store(
            site,
            capture,
            user_id=known.vinted_user_id,
            login=known.login,
            expires_at=expires_at,
            tenant=tenant,
            verified=False,
        )
    _spend_who_am_i(tenant)
    outcome = _client(site, capture.session, None).who_am_i()  # a read: no account budget slot
    if outcome.kind is Kind.SESSION_EXPIRED:
        raise ConnectError("cookies", _("Vinted did not accept this session: sign in to Vinted again."))
    if outcome.kind is Kind.BOT_CHALLENGE:
        raise ConnectError(
            "cookies", _("Vinted asked for a security check: open Vinted in your browser first."), status=409
        )
    if not outcome.ok:
        raise ConnectError(
            "domain", _("Vinted could not be reached to check the session. Try again shortly."), status=503
        )
    user_id, login = outcome.data["id"], outcome.data["login"]
    if capture.vinted_user_id and capture.vinted_user_id != user_id:
        raise ConnectError("vinted_user_id", _("This id does not match the session's Vinted user."))
    return _store(site, capture, user_id=user_id, login=login, expires_at=expires_at, tenant=tenant)


def _spend_who_am_i(tenant: Tenant) -> None:
    """Every who-am-I leaves from the platform's IP, whoever posted the export: a shop, and the
    platform as a whole, get a budget of them, so forged exports cannot get that IP flagged.
    Fails closed (the limiter answers "unavailable" as a refusal)."""
    attempt = uuid.uuid4().hex
    counted: list[str] = []
    for key, rates in (
        (f"vinted:whoami:shop:{tenant.pk}", settings.VINTED_WHOAMI_PER_SHOP),
        ("vinted:whoami:all", settings.VINTED_WHOAMI_GLOBAL),
    ):
        policy = parse_rates(rates)
        if policy is None:
            continue
        decision = limiter.reserve(key, attempt, policy)
        if not decision.allowed:
            for done in counted:
                limiter.release(done, attempt)
            raise ConnectError(
                "cookies",
                _(
                    "Too many checks of Vinted sessions right now. The extension "
                    "will send the session again; nothing to do."
                ),
                status=429,
            )
        counted.append(key)


@sensitive_variables("capture", "stored")
def _same_session_recently_verified(
    site: domains.Site, token_user: int | None, capture: Capture
) -> VintedAccount | None:
    if not token_user:
        return None
    account = VintedAccount.objects.filter(
        domain=site.key, vinted_user_id=token_user, status=VintedAccount.Status.CONNECTED
    ).first()
    since = timezone.now() - datetime.timedelta(seconds=settings.VINTED_REVERIFY_SECONDS)
    if account is None or account.last_verified_at is None or account.last_verified_at < since:
        return None
    try:
        stored = open_session(account)
    except (InvalidTag, secretbox.SealedValueError, LookupError):
        return None
    return account if stored.access_token == capture.session.access_token else None


@sensitive_variables("capture")
def _store(
    site: domains.Site,
    capture: Capture,
    *,
    user_id: int,
    login: str,
    expires_at: datetime.datetime | None,
    tenant: Tenant,
    verified: bool = True,
) -> tuple[VintedAccount, bool]:
    now = timezone.now()
    with transaction.atomic():
        found = VintedAccount.objects.select_for_update().filter(domain=site.key, vinted_user_id=user_id).first()
        newly_connected = found is None or not found.is_connected
        if newly_connected:
            try:
                quotas.check_can_add_platform(tenant)
            except quotas.QuotaExceeded as error:
                raise ConnectError("domain", str(error), status=403) from None
        created = found is None
        old_status = None if found is None else found.status
        account = VintedAccount(domain=site.key, vinted_user_id=user_id) if found is None else found
        account.login = login
        account.captured_at = capture.captured_at or now
        account.access_expires_at = expires_at
        account.status = VintedAccount.Status.CONNECTED
        account.status_reason = ""
        if verified:
            account.last_verified_at = now
        account.sealed_session = seal_session(account, capture.session)
        account.save()
        if newly_connected:  # the extension re-exports every few minutes: only the change is logged
            record(
                "vinted.account_connected",
                "vinted_account",
                account.public_id,
                f"{login} ({site.key})",
                {"status": [old_status, account.status]},
            )
        session_refreshed.send(sender=VintedAccount, account=account)
    log.info("vinted account %s connected in %s", account.public_id, current_schema_name())
    return account, created


def signed_out(domain: str, vinted_user_id: int | None) -> int:
    """The browser says the seller signed out of Vinted: disconnect the matching accounts."""
    try:
        site = domains.resolve(domain)
    except domains.DomainNotAllowed:
        raise ConnectError("domain", domains.refusal_message()) from None
    accounts = VintedAccount.objects.filter(domain=site.key)
    if vinted_user_id:
        accounts = accounts.filter(vinted_user_id=vinted_user_id)
    return sum(1 for account in accounts if disconnect(account, reason=_("Signed out of Vinted in the browser.")))


def disconnect(account: VintedAccount, *, reason: str = "") -> bool:
    """Forget the session (the sealed bytes are wiped, not just flagged)."""
    changed = account.status != VintedAccount.Status.DISCONNECTED or bool(account.sealed_session)
    account.sealed_session = ""
    account.status = VintedAccount.Status.DISCONNECTED
    account.status_reason = reason or _("Disconnected from Stoflow.")
    account.save(update_fields=["sealed_session", "status", "status_reason", "updated_at"])
    if changed:
        record(
            "vinted.account_disconnected",
            "vinted_account",
            account.public_id,
            f"{account.login} ({account.domain})",
            {"reason": account.status_reason},
        )
    return changed


def save_pricing_rule(rule: PricingRule) -> PricingRule:
    existing = PricingRule.objects.order_by("pk").first()
    if existing is not None and rule._state.adding:  # one row per shop: a new rule replaces it
        rule.pk = existing.pk
    rule.full_clean()
    rule.save()
    return rule
