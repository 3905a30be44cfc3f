"""Sign-in throttling on the sliding-window limiter: failed attempts per account and per IP.

Once an account (or an address) has LOGIN_FAILURES_PER_* failures inside LOGIN_COOLOFF_SECONDS,
sign-in is refused without checking the password until the oldest of those failures is
LOGIN_COOLOFF_SECONDS old; the message says when.

Fails open, deliberately: if Redis cannot answer, sign-in goes on. Failing closed would lock
every seller out during a Redis outage, while an attacker gains little from the gap: passwords
are checked with a slow hash (Argon2id), the outage shows in /health/ and in the logs. The
Vinted budget, which protects an external account from a ban, fails closed instead.
"""

import hashlib
import logging
import math
import uuid
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils.translation import gettext as _

from . import humanize, limiter
from .limiter import Policy, Window

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Gate:
    blocked: bool
    retry_at: datetime | None = None
    retry_after: int = 0  # whole seconds, for the Retry-After header

    @property
    def message(self) -> str:
        if not self.blocked:
            return ""
        return _("Too many failed sign-ins. Try again in %(wait)s (at %(time)s).") % {
            "wait": humanize.duration(self.retry_after),
            "time": humanize.clock(self.retry_at),
        }


def _account_key(email: str) -> str:
    # Hashed: the limiter's Redis never holds e-mail addresses in clear.
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]
    return f"login:acct:{digest}"


def _checks(email: str, ip: str) -> list[tuple[str, Policy]]:
    cooloff = settings.LOGIN_COOLOFF_SECONDS
    checks = [(_account_key(email), Policy((Window(settings.LOGIN_FAILURES_PER_ACCOUNT, cooloff),)))]
    if ip:  # unknown ("": the proxy's own address) -> per account only, never one lock for everyone
        checks.append((f"login:ip:{ip}", Policy((Window(settings.LOGIN_FAILURES_PER_IP, cooloff),))))
    return checks


def gate(email: str, ip: str) -> Gate:
    """Whether a sign-in may be tried now for this account from this address."""
    blocking = []
    for key, policy in _checks(email, ip):
        decision = limiter.status(key, policy)
        if decision.reason == limiter.REASON_UNAVAILABLE:
            logger.warning("sign-in throttle unavailable; allowing the attempt")
            return Gate(blocked=False)
        if not decision.allowed:
            blocking.append(decision)
    if not blocking:
        return Gate(blocked=False)
    worst = max(blocking, key=lambda d: d.retry_at)
    return Gate(blocked=True, retry_at=worst.retry_at, retry_after=max(1, math.ceil(worst.retry_after)))


def record_failure(email: str, ip: str) -> None:
    for key, policy in _checks(email, ip):
        limiter.reserve(key, uuid.uuid4().hex, policy)


def record_success(email: str, ip: str) -> None:
    """A right password clears the account's failures; the address keeps its count, so one
    valid account cannot be used to reset guessing at others from the same address."""
    limiter.clear(_account_key(email))
