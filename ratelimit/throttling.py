"""A DRF throttle on the same exact limiter: per API token, per user and per shop; anonymous
calls per IP address.

A member could otherwise mint tokens to multiply a per-token rate, and a shop could add members:
every call counts against its token, its user (the same rate, so more tokens do not help) and its
shop (the `<scope>_shop` rate, when set). Rates come from
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][scope], as comma-separated windows ("120/min,2000/hour").
A call refused by one key is taken back from the keys it had already counted against. DRF answers
a denial with 429, a Retry-After header and a JSON body saying in how many seconds to try again.

Fails open: this throttle protects our own API from abuse, and a Redis outage must not turn
every API client away (the outage shows in /health/). The Vinted budget, by contrast, fails
closed in the limiter itself.
"""

import logging
import math
import re
import uuid

from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle

from . import limiter
from .limiter import Policy, Window
from .net import client_ip

logger = logging.getLogger(__name__)

_UNITS = {
    "s": 1,
    "sec": 1,
    "second": 1,
    "m": 60,
    "min": 60,
    "minute": 60,
    "h": 3600,
    "hour": 3600,
    "d": 86400,
    "day": 86400,
}
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([a-z]+?)s?\s*$")


def parse_rates(rates: str | None) -> Policy | None:
    """ "120/min,2000/hour" -> Policy; None or "" -> None (no throttling)."""
    if not rates:
        return None
    windows = []
    for part in rates.split(","):
        match = _RATE.match(part.lower())
        if not match or match.group(3) not in _UNITS:
            raise ValueError(f"bad rate {part!r}: use forms like 120/min, 2000/hour or 10/30s")
        count, multiple, unit = match.groups()
        windows.append(Window(int(count), int(multiple or 1) * _UNITS[unit]))
    return Policy(tuple(windows))


class ApiRateThrottle(BaseThrottle):
    scope = "api"

    def __init__(self):
        self.decision = None

    def keys_for(self, request) -> list[tuple[str, Policy | None]]:
        rates = api_settings.DEFAULT_THROTTLE_RATES
        policy = parse_rates(rates.get(self.scope))
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            # An unknown address (the proxy's, header missing) still gets a key: anonymous calls
            # do nothing that per-account limits could hold instead.
            return [(f"api:{self.scope}:ip:{client_ip(request) or 'unknown'}", policy)]
        keys = []
        token_pk = getattr(request.auth, "pk", None)
        if token_pk is not None:
            keys.append((f"api:{self.scope}:token:{token_pk}", policy))
        keys.append((f"api:{self.scope}:user:{user.pk}", policy))
        tenant_access = getattr(request, "tenant_access", None)
        tenant = getattr(tenant_access, "tenant", None)
        if tenant is not None:
            keys.append((f"api:{self.scope}:shop:{tenant.pk}", parse_rates(rates.get(f"{self.scope}_shop"))))
        return [(key, policy) for key, policy in keys if policy is not None]

    def allow_request(self, request, view) -> bool:
        attempt = uuid.uuid4().hex
        counted = []
        for key, policy in self.keys_for(request):
            decision = limiter.reserve(key, attempt, policy)
            if decision.reason == limiter.REASON_UNAVAILABLE:
                logger.warning("API throttle unavailable; letting the call through")
                return True
            if not decision.allowed:
                for done in counted:
                    limiter.release(done, attempt)
                self.decision = decision
                return False
            counted.append(key)
            self.decision = decision
        return True

    def wait(self):
        if self.decision is None or self.decision.allowed:
            return None
        return max(1, math.ceil(self.decision.retry_after))


def forget_tokens(token_ids) -> None:
    """Drop the windows of API tokens that no longer exist (their shop was erased)."""
    for scope in api_settings.DEFAULT_THROTTLE_RATES:
        for token_pk in token_ids:
            limiter.clear(f"api:{scope}:token:{token_pk}")
