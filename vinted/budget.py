"""The per-Vinted-account budget for mutating requests, on the ratelimit app.

Every mutating call reserves a slot (one attempt id per call) and writes the
attempt to the public log the limiter rebuilds its window from. A slot is given
back only when provably nothing left the machine (connect failure).
"""

import logging
import uuid

from django.db import connection
from django.utils import timezone

from .ledger.models import VintedAttempt

log = logging.getLogger(__name__)
KEY_PREFIX = "vinted:"
POLICY_NAME = "vinted"


def account_key(domain: str, vinted_user_id: int) -> str:
    # Per Vinted account, not per shop: two shops connecting one account share its budget.
    return f"{KEY_PREFIX}{domain}:{vinted_user_id}"


def new_attempt_id() -> str:
    return uuid.uuid4().hex


def default_policy(*args, **kwargs):
    from ratelimit import limiter, policies

    return limiter.Policy(windows=tuple(policies.windows_from_settings(prefix="VINTED_RATE_LIMIT")))


def policy_for(key: str):
    from ratelimit import policies

    return policies.resolve_policy(POLICY_NAME, tenant_ref=connection.schema_name, subject_ref=key)


def policies_for(keys: list[str]) -> dict:
    """policy_for of many accounts of this shop, in one query."""
    from ratelimit import policies

    return policies.resolve_policies(POLICY_NAME, tenant_ref=connection.schema_name, subject_refs=keys)


def reserve(key: str, method: str, path: str, policy=None):
    """Reserve a slot and log the attempt; returns (decision, attempt_id)."""
    from ratelimit import limiter

    attempt_id = new_attempt_id()
    decision = limiter.reserve(key, attempt_id, policy or policy_for(key))
    if decision.allowed:
        # Written as sent: the request goes out right after; release() clears it if it never left.
        VintedAttempt.objects.create(
            account_key=key,
            attempt_id=attempt_id,
            reserved_at_ms=_now_ms(decision),
            sent_at=timezone.now(),
            tenant_schema=connection.schema_name,
            method=method[:8],
            path=path[:200],
        )
    return decision, attempt_id


def _now_ms(decision) -> int:
    now = decision.now
    if hasattr(now, "timestamp"):
        return int(now.timestamp() * 1000)
    return int(now)


def record(attempt_id: str, outcome: str, status: int | None = None) -> None:
    VintedAttempt.objects.filter(attempt_id=attempt_id).update(outcome=outcome, status_code=status)


def release(key: str, attempt_id: str) -> None:
    from ratelimit import limiter

    limiter.release(key, attempt_id)
    VintedAttempt.objects.filter(attempt_id=attempt_id).update(outcome=VintedAttempt.Outcome.RELEASED, sent_at=None)


def exhaust(key: str, reason: str, policy=None) -> None:
    """Vinted said stop (429 or a challenge): the account's window is filled."""
    from ratelimit import limiter

    log.warning("vinted account %s paused: %s", key, reason)
    limiter.exhaust(key, policy or policy_for(key), reason)


def attempt_log_loader(key: str, since_ms: int):
    from .ledger.selectors import attempts_since

    return list(attempts_since(key, since_ms))


def budget_source(request, ref):
    """For the live badge: (key, policy, label) of an account of the CURRENT shop, else None."""
    from .models import VintedAccount

    tenant = getattr(request, "tenant", None)
    if tenant is None or getattr(tenant, "schema_name", "public") == "public":
        return None
    account = VintedAccount.objects.filter(public_id=ref).first() if _is_uuid(ref) else None
    if account is None:
        return None
    key = account_key(account.domain, account.vinted_user_id)
    return key, policy_for(key), account.login or str(account.vinted_user_id)


def _is_uuid(value) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def register_with_ratelimit() -> None:
    from ratelimit import budget as ratelimit_budget
    from ratelimit import limiter, policies

    limiter.register_attempt_log(KEY_PREFIX, attempt_log_loader)
    policies.register_policy(POLICY_NAME, default_policy)
    ratelimit_budget.register_budget_source(POLICY_NAME, budget_source)
