"""eBay's OAuth endpoints as Stoflow calls them (ebay-api §2): the consent URL, the token grants, and who
granted a consent (Identity API). Typed answers; nothing here touches the database."""

import base64
from dataclasses import dataclass
from urllib.parse import urlencode

import requests
from django.conf import settings
from django.views.decorators.debug import sensitive_variables

from . import config

TIMEOUT = (5, 30)


class OAuthError(Exception):
    """eBay refused or could not answer. `kind`: invalid_grant (consent gone: reconnect), invalid_client /
    invalid_scope (the operator's keys), or unavailable (network, 5xx, 429: try later)."""

    def __init__(self, kind: str, detail: str = ""):
        super().__init__(f"{kind}: {detail}" if detail else kind)
        self.kind = kind
        self.detail = detail


@dataclass(frozen=True)
class Grant:
    access_token: str
    expires_in: int
    refresh_token: str = ""
    refresh_token_expires_in: int = 0

    def __repr__(self):
        return f"<Grant expires_in={self.expires_in}>"


def consent_url(marketplace_id: str, state: str) -> str:
    locale = config.MARKETPLACES[marketplace_id].content_language
    return (
        config.endpoints().consent
        + "?"
        + urlencode(
            {
                "client_id": settings.EBAY_CLIENT_ID,
                "redirect_uri": settings.EBAY_RUNAME,
                "response_type": "code",
                "scope": " ".join(config.USER_SCOPES),
                "state": state,
                "locale": locale,
            }
        )
    )


@sensitive_variables("secret", "form")
def _token_call(form: dict) -> dict:
    secret = f"{settings.EBAY_CLIENT_ID}:{settings.EBAY_CLIENT_SECRET}"
    try:
        answer = requests.post(
            config.endpoints().token,
            data=form,
            timeout=TIMEOUT,
            headers={
                "Authorization": "Basic " + base64.b64encode(secret.encode()).decode(),
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )
    except requests.RequestException as error:
        raise OAuthError("unavailable", type(error).__name__) from None
    try:
        body = answer.json()
    except ValueError:
        body = {}
    if answer.status_code == 200 and body.get("access_token"):
        return body
    error = body.get("error") if isinstance(body, dict) else None
    if answer.status_code in (400, 401) and error in (
        "invalid_grant",
        "invalid_client",
        "invalid_scope",
        "invalid_request",
        "unsupported_grant_type",
    ):
        raise OAuthError(error, body.get("error_description", ""))
    raise OAuthError("unavailable", f"HTTP {answer.status_code}")


@sensitive_variables("code", "body")
def exchange_code(code: str) -> Grant:
    body = _token_call({"grant_type": "authorization_code", "code": code, "redirect_uri": settings.EBAY_RUNAME})
    return Grant(
        body["access_token"],
        int(body.get("expires_in", 7200)),
        body.get("refresh_token", ""),
        int(body.get("refresh_token_expires_in", 0)),
    )


@sensitive_variables("refresh_token", "body")
def refresh(refresh_token: str, scopes: str) -> Grant:
    body = _token_call({"grant_type": "refresh_token", "refresh_token": refresh_token, "scope": scopes})
    return Grant(body["access_token"], int(body.get("expires_in", 7200)))


@sensitive_variables("access_token")
def who_am_i(access_token: str) -> dict:
    """{"userId", "username", ...} of the seller the token belongs to."""
    try:
        answer = requests.get(
            config.endpoints().identity + "/user/", timeout=TIMEOUT, headers={"Authorization": f"Bearer {access_token}"}
        )
    except requests.RequestException as error:
        raise OAuthError("unavailable", type(error).__name__) from None
    if answer.status_code != 200:
        raise OAuthError(
            "unavailable" if answer.status_code >= 429 else "invalid_grant", f"identity HTTP {answer.status_code}"
        )
    body = answer.json()
    if not body.get("userId") or not body.get("username"):
        raise OAuthError("unavailable", "identity answer without a user")
    return body


@sensitive_variables("body")
def app_token() -> str:
    """An application token (client credentials), kept in the shared cache until five minutes before it
    expires: eBay allows 1,000 of these grants a day (ebay-api §2.3)."""
    from django.core.cache import caches

    cache = caches["shared"]
    key = f"ebay:app-token:{settings.EBAY_ENVIRONMENT}:{settings.EBAY_CLIENT_ID}"
    cached = cache.get(key)
    if cached:
        return cached
    body = _token_call({"grant_type": "client_credentials", "scope": " ".join(config.APP_SCOPES)})
    cache.set(key, body["access_token"], max(60, int(body.get("expires_in", 7200)) - 300))
    return body["access_token"]
