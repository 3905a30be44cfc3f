"""The transport: one requests.Session per client, no retries, no redirects, explicit timeouts."""

import re
from typing import Any

import requests
from django.conf import settings
from requests.adapters import HTTPAdapter
from urllib3.exceptions import MaxRetryError, NewConnectionError

ACCEPT = "application/json, text/plain, */*,image/webp"
CSRF_PATTERN = re.compile(
    r'CSRF_TOKEN(?:\\)?"\s*:\s*(?:\\)?"(?P<token>[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12})', re.I
)
CSRF_META = re.compile(r'<meta\s+name="csrf-token"\s+content="(?P<token>[0-9a-f-]{36})"', re.I)


def new_session() -> requests.Session:
    http = requests.Session()
    # Mutating calls make exactly one attempt: a hidden retry would be an unreserved request.
    adapter = HTTPAdapter(max_retries=0)
    http.mount("https://", adapter)
    http.mount("http://", adapter)
    http.trust_env = False  # no proxy or .netrc from the environment sees the seller's cookies
    return http


def timeouts() -> tuple[float, float]:
    return (settings.VINTED_CONNECT_TIMEOUT, settings.VINTED_READ_TIMEOUT)


def nothing_sent(error: requests.RequestException) -> bool:
    """True when the request provably never left the machine (DNS or connect failure)."""
    if isinstance(error, requests.exceptions.ConnectTimeout):
        return True
    if isinstance(error, requests.exceptions.ConnectionError) and error.args:
        reason = error.args[0]
        if isinstance(reason, MaxRetryError):
            reason = reason.reason
        return isinstance(reason, NewConnectionError)
    return False


def find_csrf_token(html: str) -> str | None:
    match = CSRF_PATTERN.search(html) or CSRF_META.search(html)
    return match.group("token").lower() if match else None


def cookie_header(cookies: dict[str, str]) -> str:
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def client_hint_headers(hints: dict[str, Any]) -> dict[str, str]:
    """Sec-CH-UA headers exactly as captured, never made up (docs/vinted-api.md §2.4)."""
    brands = hints.get("brands") if isinstance(hints, dict) else None
    if not brands:
        return {}
    headers = {
        "Sec-CH-UA": ", ".join(
            f'"{b.get("brand", "")}";v="{b.get("version", "")}"' for b in brands if isinstance(b, dict)
        )
    }
    if "mobile" in hints:
        headers["Sec-CH-UA-Mobile"] = "?1" if hints["mobile"] else "?0"
    if hints.get("platform"):
        headers["Sec-CH-UA-Platform"] = f'"{hints["platform"]}"'
    return headers
