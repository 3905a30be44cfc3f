"""Switchable faults: what Vinted does to a client on a bad day (docs/vinted-api.md §12).

A fault targets one seller (or every seller) and one route (or every route), and fires once,
n times, always, or with a probability. `route` is matched against the route name
(e.g. "items.create", "photos", "users.current"), the path after the site prefix
("/api/v2/photos") or "METHOD /path", with shell-style wildcards.
"""

import fnmatch
import itertools
import random
import secrets
import time
import uuid

from . import errors
from .messages import text
from .web import Response, empty, html_response, json_response

MODES = {
    "bot_challenge",
    "bot_block",
    "bot_html",
    "bot_html_200",
    "rate_limited",
    "expired_token",
    "csrf_rotated",
    "validation",
    "photo_error",
    "slow",
    "drop_after_commit",
    "server_error",
    "dead_refresh",
    "signed_out",
}
DEFAULT_ROUTE = {
    "photo_error": "photos",
    "dead_refresh": "refresh",
    "signed_out": "users.current",
    "validation": "items.create",
}
_ids = itertools.count(1)


def make_fault(
    mode: str,
    seller_id: int | None = None,
    route: str | None = None,
    times: int | str | None = "always",
    probability: float | None = None,
    **params,
) -> dict:
    if mode not in MODES:
        raise ValueError(f"unknown fault mode {mode!r}; one of {sorted(MODES)}")
    if times == "once":
        times = 1
    elif times in ("always", None):
        times = None
    elif not isinstance(times, int) or isinstance(times, bool) or times < 1:
        raise ValueError("times must be 'once', 'always' or a positive whole number")
    if probability is not None and not 0 <= float(probability) <= 1:
        raise ValueError("probability must be between 0 and 1")
    return {
        "id": next(_ids),
        "mode": mode,
        "seller_id": seller_id,
        "route": route if route is not None else DEFAULT_ROUTE.get(mode),
        "remaining": times,
        "probability": probability,
        "params": params,
        "fired": 0,
    }


def _matches(fault: dict, request) -> bool:
    if fault["seller_id"] is not None and fault["seller_id"] != request.seller_id:
        return False
    pattern = fault["route"]
    if pattern is None:
        return True
    route_name = request.route.name if request.route else ""
    return any(
        fnmatch.fnmatchcase(candidate, pattern)
        for candidate in (route_name, request.subpath, f"{request.method} {request.subpath}")
    )


def take(state, request) -> list[dict]:
    """The faults that fire for this request; spends their counts."""
    fired = []
    with state.lock:
        for fault in list(state.faults):
            if not _matches(fault, request):
                continue
            if fault["probability"] is not None and random.random() >= fault["probability"]:
                continue
            fault["fired"] += 1
            if fault["remaining"] is not None:
                fault["remaining"] -= 1
                if fault["remaining"] <= 0:
                    state.faults.remove(fault)
            fired.append(fault)
    return fired


def _captcha_url(request, kind: str) -> str:
    cid = secrets.token_urlsafe(24)
    return (
        f"https://geo.captcha-delivery.com/captcha/?initialCid={secrets.token_urlsafe(32)}"
        f"&hash={secrets.token_hex(15).upper()}&cid={cid}&t={kind}"
        f"&referer={request.site_url}{request.subpath}&s={random.randint(10000, 99999)}"
        f"&e={secrets.token_hex(32)}"
    )


def _datadome(request, response: Response) -> Response:
    path = f"/{request.site.code}/" if request.site else "/"
    response.header("x-datadome", "protected").header("x-datadome-cid", secrets.token_urlsafe(32))
    response.cookies.append(f"datadome={secrets.token_urlsafe(48)}; Path={path}; Max-Age=31536000; SameSite=Lax")
    return response


def _interstitial(request, status: int) -> Response:
    cid, hsh, s, e = (
        secrets.token_urlsafe(24),
        secrets.token_hex(15).upper(),
        random.randint(10000, 99999),
        secrets.token_hex(32),
    )
    dd = f"{{'rt':'c','cid':'{cid}','hsh':'{hsh}','t':'fe','s':{s},'e':'{e}','host':'geo.captcha-delivery.com'}}"
    html = (
        '<html><head><title>vinted.com</title></head><body style="margin:0">'
        f'<script data-cfasync="false">var dd={dd}</script>'
        '<script data-cfasync="false" src="https://ct.captcha-delivery.com/c.js"></script>'
        "</body></html>"
    )
    return _datadome(request, html_response(html, status))


def render(fault: dict, request, state) -> Response:
    """The answer a firing fault gives instead of the real one (not used for slow / drop)."""
    mode, params, locale = fault["mode"], fault["params"], request.locale
    if mode in ("bot_challenge", "bot_block"):
        kind, dd_b = ("fe", "1") if mode == "bot_challenge" else ("bv", "2")
        response = json_response({"url": _captcha_url(request, kind)}, 403)
        return _datadome(request, response.header("x-dd-b", dd_b))
    if mode == "bot_html":
        return _interstitial(request, 403)
    if mode == "bot_html_200":
        return _interstitial(request, 200)
    if mode == "rate_limited":
        if params.get("body"):
            return json_response({"code": 429, "message": "Too Many Requests"}, 429)
        return empty(429)
    if mode == "expired_token":
        with state.lock:
            if request.claims:  # from now on this token is as good as expired
                state.dead_access.add(request.claims.get("jti", ""))
                state.save()
        return errors.unauthorized(locale)
    if mode == "csrf_rotated":
        if request.session:
            with state.lock:
                request.session["csrf"] = str(uuid.uuid4())
                state.save()
        return errors.access_denied(locale)
    if mode == "validation":
        wanted = params.get("errors") or [{"field": "brand"}]
        listed = [{"field": e} if isinstance(e, str) else e for e in wanted]
        return errors.validation(
            [{"field": e["field"], "value": e.get("value") or _default_message(e["field"], locale)} for e in listed],
            locale,
        )
    if mode == "photo_error":
        code = int(params.get("code", 50))
        key = "photo_dimensions" if code == 51 else "photo_upload"
        return json_response({"code": code, "message": text(key, locale), "message_code": "photo_error"}, 400)
    if mode == "server_error":
        return errors.server_error(locale, int(params.get("status", 500)))
    if mode == "dead_refresh":
        if request.claims and request.claims.get("sid") in state.sessions:
            with state.lock:
                state.sessions[request.claims["sid"]]["refresh_jti"] = None
                state.save()
        return errors.dead_chain()
    if mode == "signed_out":
        if request.claims and request.claims.get("sid") in state.sessions:
            with state.lock:
                state.sessions[request.claims["sid"]]["revoked"] = True
                state.save()
        if int(params.get("status", 401)) == 403:
            return errors.access_denied(locale)
        return errors.unauthorized(locale)
    raise ValueError(mode)


def _default_message(field: str, locale: str) -> str:
    try:
        return text(field, locale)
    except KeyError:
        return text("field_invalid", locale)


def apply_delay(fired: list[dict]):
    for fault in fired:
        if fault["mode"] == "slow":
            time.sleep(float(fault["params"].get("seconds", 5)))
