"""A DRF throttle on the same exact limiter: per API token, else per user, else per IP address.

Rates come from REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][scope], as comma-separated windows
("120/min,2000/hour"). DRF answers a denial with 429, a Retry-After header and a JSON body
saying in how many seconds to try again.

Fails open: this throttle protects our own API from abuse, and a Redis outage must not turn
every API client away (the outage shows in /health/). The Vinted budget, by contrast, fails
closed in the limiter itself.
"""
import logging
import math
import re
import uuid

from django.conf import settings
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle

from . import limiter
from .limiter import Policy, Window

logger = logging.getLogger(__name__)

_UNITS = {"s": 1, "sec": 1, "second": 1, "m": 60, "min": 60, "minute": 60, "h": 3600, "hour": 3600,
          "d": 86400, "day": 86400}
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([a-z]+?)s?\s*$")


def parse_rates(rates: str | None) -> Policy | None:
    """"120/min,2000/hour" -> Policy; None or "" -> None (no throttling)."""
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


def _client_ip(request) -> str:
    header = settings.CLIENT_IP_HEADER  # set only behind our own proxy
    if header and request.META.get(header):
        return request.META[header].split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "")


class ApiRateThrottle(BaseThrottle):
    scope = "api"

    def __init__(self):
        self.decision = None

    def key_for(self, request) -> str:
        token_pk = getattr(request.auth, "pk", None)
        if token_pk is not None:
            return f"api:{self.scope}:token:{token_pk}"
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return f"api:{self.scope}:user:{user.pk}"
        return f"api:{self.scope}:ip:{_client_ip(request)}"

    def allow_request(self, request, view) -> bool:
        policy = parse_rates(api_settings.DEFAULT_THROTTLE_RATES.get(self.scope))
        if policy is None:
            return True
        self.decision = limiter.reserve(self.key_for(request), uuid.uuid4().hex, policy)
        if self.decision.reason == limiter.REASON_UNAVAILABLE:
            logger.warning("API throttle unavailable; letting the call through")
            return True
        return self.decision.allowed

    def wait(self):
        if self.decision is None or self.decision.allowed:
            return None
        return max(1, math.ceil(self.decision.retry_after))


def forget_tokens(token_ids) -> None:
    """Drop the windows of API tokens that no longer exist (their shop was erased)."""
    for scope in api_settings.DEFAULT_THROTTLE_RATES:
        for token_pk in token_ids:
            limiter.clear(f"api:{scope}:token:{token_pk}")
