"""Development only: ask the Vinted sandbox for a seller and a signed-in session, and store it
through the same service as the extension's endpoint (so it is verified and sealed the same way)."""

import secrets

import requests
from django.conf import settings
from django.views.decorators.debug import sensitive_variables

from . import domains, services
from .sessions import VintedSession

SANDBOX_USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) StoflowSandbox/1.0"


class SandboxUnavailable(Exception):
    pass


class NotASandbox(SandboxUnavailable):
    """Something answers at VINTED_SANDBOX_URL, but not the sandbox: waiting will not change that."""


def _admin(method: str, path: str, **kwargs) -> dict:
    if not domains.sandbox_enabled():
        raise SandboxUnavailable("the sandbox is disabled")
    url = settings.VINTED_SANDBOX_URL.rstrip("/") + path
    try:
        response = requests.request(method, url, timeout=(2, 10), allow_redirects=False, **kwargs)
    except requests.RequestException as error:
        raise SandboxUnavailable(str(error)) from None
    if response.status_code == 404:
        raise NotASandbox(f"{url} answered 404: VINTED_SANDBOX_URL does not point at the sandbox")
    if response.status_code >= 300:
        raise SandboxUnavailable(f"sandbox answered {response.status_code}")
    try:
        return response.json()
    except ValueError:
        raise NotASandbox(f"{url} did not answer JSON: VINTED_SANDBOX_URL does not point at the sandbox") from None


def _seller(tld: str, login: str) -> dict:
    """The sandbox seller with this login, created when missing (the sandbox may keep its state)."""
    for seller in _admin("GET", "/__sandbox__/sellers").get("sellers", []):
        if seller.get("site") == tld and str(seller.get("login", "")).lower() == login.lower():
            return seller
    created = _admin(
        "POST", "/__sandbox__/sellers", json={"site": tld, "login": login, "password": secrets.token_urlsafe(12)}
    )
    return created["seller"]


@sensitive_variables("issued", "session", "capture")
def connect_new_seller(site_key: str, *, tenant, login: str | None = None):
    """Creates (or reuses) a sandbox seller, asks the sandbox for a signed-in session and connects it."""
    site = domains.site_for(site_key)
    if not site.is_sandbox:
        raise SandboxUnavailable("not a sandbox site")
    seller = _seller(site.tld, login or f"seller-{secrets.token_hex(3)}")
    issued = _admin("POST", f"/__sandbox__/sellers/{int(seller['id'])}/session", json={})
    return connect_issued({**issued, "domain": site.key, "vinted_user_id": int(seller["id"])}, tenant=tenant)


@sensitive_variables("issued", "session", "capture")
def connect_issued(issued: dict, *, tenant):
    """Connect the session the sandbox issued for one of its sellers (`/__sandbox__/sellers/<id>/session`,
    or SandboxServer.issue_session in tests and benchmarks) to the shop, as the extension would."""
    # The sandbox hands out its refresh token too; like the extension, we never keep it.
    session = VintedSession(
        cookies=dict(issued["cookies"]),
        csrf_token=issued.get("csrf_token", ""),
        anon_id=issued.get("anon_id", ""),
        user_agent=issued.get("user_agent") or SANDBOX_USER_AGENT,
        locale=issued.get("locale", ""),
    )
    capture = services.Capture(domain=issued["domain"], session=session, vinted_user_id=int(issued["vinted_user_id"]))
    account, _created = services.connect(capture, tenant=tenant)
    return account
