"""Turning one HTTP response into an Outcome (docs/vinted-api.md §9.2)."""

import json
from typing import Any, TypedDict

import requests

from .outcomes import FieldError, Kind, Outcome

CAPTCHA_HOSTS = ("captcha-delivery.com",)
PHOTO_ERROR_CODES = {50, 51, 52}


class _Common(TypedDict):
    status: int
    code: int | None
    message: str


def _json(response: requests.Response) -> Any:
    content_type = response.headers.get("Content-Type", "")
    if "json" not in content_type:
        return None
    try:
        return response.json()
    except (ValueError, json.JSONDecodeError):
        return None


def _is_challenge(response: requests.Response, body: Any) -> bool:
    if response.headers.get("x-dd-b"):
        return True
    if (
        isinstance(body, dict)
        and isinstance(body.get("url"), str)
        and any(host in body["url"] for host in CAPTCHA_HOSTS)
    ):
        return True
    return False


def _errors(body: Any) -> list[FieldError]:
    errors: list[FieldError] = []
    for entry in (body.get("errors") or []) if isinstance(body, dict) else []:
        if isinstance(entry, dict):
            errors.append(FieldError(str(entry.get("field", "root"))[:64], str(entry.get("value", ""))[:500]))
    return errors


def classify(response: requests.Response, *, expect_html: bool = False) -> Outcome:
    status = response.status_code
    body = _json(response)
    code = body.get("code") if isinstance(body, dict) else None
    message = str(body.get("message", ""))[:500] if isinstance(body, dict) else ""
    base: _Common = {"status": status, "code": code, "message": message}

    if _is_challenge(response, body):
        return Outcome(Kind.BOT_CHALLENGE, **base)
    if status == 429:
        return Outcome(Kind.RATE_LIMITED, **base)
    if status == 401 or code in (100, 21):
        return Outcome(Kind.SESSION_EXPIRED, **base)
    if status == 403 and code == 106:
        return Outcome(Kind.CSRF_REFRESH, **base)
    if status >= 500:
        return Outcome(Kind.TRANSIENT, **base)
    if expect_html:
        if status == 200:
            return Outcome(Kind.OK, data=response.text, **base)
        return Outcome(Kind.NOT_FOUND if status == 404 else Kind.REJECTED, **base)
    if body is None:
        # HTML where JSON was expected: an interstitial (403 or even 200) or an unknown route.
        if status == 404:
            return Outcome(Kind.NOT_FOUND, **base)
        return Outcome(Kind.BOT_CHALLENGE, **base)
    if status == 400 and (code == 99 or code in PHOTO_ERROR_CODES):
        errors = _errors(body) or [FieldError("photos" if code in PHOTO_ERROR_CODES else "root", message)]
        return Outcome(Kind.VALIDATION_ERROR, errors=errors, **base)
    if status == 404 or code == 104:
        return Outcome(Kind.NOT_FOUND, **base)
    if 200 <= status < 300 and code in (0, None):
        return Outcome(Kind.OK, data=body, **base)
    return Outcome(Kind.REJECTED, data=body, errors=_errors(body), **base)
