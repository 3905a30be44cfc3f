"""Sessions: which token a request carries, whether it may pass, and the refresh route.

A session belongs to one site: a token minted on /fr is refused on /pl (docs/vinted-api.md §1).
"""

import secrets
import time

from . import errors, tokens
from .web import cookie, json_response

TWENTY_YEARS = 20 * 365 * 86400
WEEK = 7 * 86400


def _token_of(request) -> str | None:
    header = request.headers.get("Authorization") or ""
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    return request.cookies.get("access_token_web")


def identify(request, state):
    """Fill request.claims (signature-valid), request.session (usable) and request.seller_id."""
    token = _token_of(request)
    claims = tokens.verify(token, state.key) if token else None
    if not claims or claims.get("purpose") != "access":
        return
    if not request.site or claims.get("site") != request.site.code:
        return  # another site's session is an unknown token here
    request.claims = claims
    request.seller_id = claims.get("account_id")
    with state.lock:
        session = state.sessions.get(claims.get("sid"))
        alive = (
            session is not None
            and not session["revoked"]
            and claims["exp"] > time.time()
            and claims.get("jti") not in state.dead_access
        )
    if alive:
        request.session = session


def check_access(request, state):
    """401 code 100 without a usable session, 403 code 106 for a write without its CSRF token."""
    route = request.route
    if route.auth == "none":
        return None
    if request.session is None:
        return errors.unauthorized(request.locale)
    if route.auth == "user" and not request.session["seller_id"]:
        return errors.unauthorized(request.locale)
    if request.method not in ("GET", "HEAD") and request.subpath.startswith("/api/"):
        sent = request.headers.get("X-CSRF-Token") or ""
        if not secrets.compare_digest(sent, request.session["csrf"]):
            return errors.access_denied(request.locale)
    return None


def session_cookies(state, session: dict, issued: dict) -> list[str]:
    """The Set-Cookie values Vinted sends when it opens or rotates a session."""
    path = f"/{session['site']}/"
    values = [
        cookie("access_token_web", issued["access_token"], path, WEEK),
        cookie("anon_id", session["anon_id"], path, TWENTY_YEARS, http_only=False),
        datadome_cookie(path),
    ]
    if "refresh_token" in issued:
        values.append(cookie("refresh_token_web", issued["refresh_token"], path, int(state.config["refresh_lifetime"])))
    if session["seller_id"]:
        values.append(cookie("v_uid", str(session["seller_id"]), path, TWENTY_YEARS))
        values.append(cookie("_vinted_fr_session", secrets.token_urlsafe(32), path, WEEK))
    return values


def datadome_cookie(path: str) -> str:
    return cookie("datadome", secrets.token_urlsafe(48), path, 31536000, http_only=False)


def expired_cookies(site: str) -> list[str]:
    path = f"/{site}/"
    return [
        cookie(name, "", path, 0) for name in ("access_token_web", "refresh_token_web", "v_uid", "_vinted_fr_session")
    ]


def refresh(request, state, **_):
    """POST /web/api/auth/refresh: both cookies, a live single-use refresh token, else empty 400."""
    access = request.cookies.get("access_token_web")
    refresh_token = request.cookies.get("refresh_token_web")
    if not access or not refresh_token or not tokens.verify(access, state.key):
        return errors.dead_chain()
    claims = tokens.verify(refresh_token, state.key)
    if not claims or claims.get("purpose") != "refresh" or claims.get("site") != request.site.code:
        return errors.dead_chain()
    with state.lock:
        session = state.sessions.get(claims.get("sid"))
        if (
            session is None
            or session["revoked"]
            or claims["exp"] <= time.time()
            or session["refresh_jti"] != claims.get("jti")
        ):
            return errors.dead_chain()
        issued = state.issue_tokens(session)  # rotates refresh_jti: the old token is spent
    response = json_response(
        {"access_token": issued["access_token"], "refresh_token": issued["refresh_token"], "code": 0}
    )
    response.cookies.extend(session_cookies(state, session, issued))
    return response
