"""Rates on actions that cost us something per call: a signup (a schema clone), an e-mail sent.

`take(checks)` counts one attempt against every (key, rates) pair, all or none: a refusal by one
key gives back the slots taken on the others. Rates are the API's format ("5/hour,20/day");
an empty rate means no limit.

Fails open, like the sign-in throttle: a Redis outage must not stop signups or password resets,
and it shows in /health/.
"""

import hashlib
import logging
import math
import uuid
from dataclasses import dataclass

from django.utils.translation import gettext as _

from . import humanize, limiter
from .throttling import parse_rates

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    allowed: bool
    retry_after: int = 0

    @property
    def message(self) -> str:
        return _("Too many attempts. Try again in %(wait)s.") % {"wait": humanize.duration(self.retry_after)}


def hashed(value: str) -> str:
    """Keys never hold e-mail addresses in clear."""
    return hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]


def take(checks: list[tuple[str, str]]) -> Outcome:
    attempt = uuid.uuid4().hex
    counted = []
    for key, rates in checks:
        policy = parse_rates(rates)
        if policy is None:
            continue
        decision = limiter.reserve(key, attempt, policy)
        if decision.reason == limiter.REASON_UNAVAILABLE:
            logger.warning("action rate limit unavailable; allowing %s", key.split(":")[0])
            return Outcome(allowed=True)
        if not decision.allowed:
            for done in counted:
                limiter.release(done, attempt)
            return Outcome(allowed=False, retry_after=max(1, math.ceil(decision.retry_after)))
        counted.append(key)
    return Outcome(allowed=True)
