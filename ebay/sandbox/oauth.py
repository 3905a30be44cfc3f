"""The consent page and the token endpoint (ebay-api §2)."""

import base64
import html
from urllib.parse import quote, urlencode

from . import errors
from .web import html_response, redirect

SCOPE_ROOT = "https://api.ebay.com/oauth/api_scope"
KNOWN_SCOPES = {SCOPE_ROOT} | {
    f"{SCOPE_ROOT}/{name}"
    for name in (
        "sell.inventory",
        "sell.inventory.readonly",
        "sell.account",
        "sell.account.readonly",
        "sell.fulfillment",
        "sell.fulfillment.readonly",
        "commerce.notification.subscription",
        "sell.finances",
        "commerce.identity.readonly",
    )
}


def _consent_form(query: dict, problem: str = "") -> str:
    hidden = "".join(
        f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
        for k, v in query.items()
        if k in ("client_id", "redirect_uri", "response_type", "scope", "state", "locale", "prompt")
    )
    scopes = "".join(f"<li>{html.escape(s)}</li>" for s in query.get("scope", "").split())
    note = f'<p role="alert" id="problem">{html.escape(problem)}</p>' if problem else ""
    return (
        f"<!doctype html><html><head><title>eBay sandbox: grant application access</title>"
        f'<meta name="viewport" content="width=device-width, initial-scale=1"></head><body>'
        f"<h1>Grant application access</h1>{note}<p>The application asks for:</p><ul>{scopes}</ul>"
        f'<form method="post" action="/oauth2/authorize">{hidden}'
        f'<label>User ID <input name="username" id="username" autocomplete="username"></label> '
        f'<label>Password <input type="password" name="password" id="password"></label> '
        f'<button type="submit" name="decision" value="accept" id="agree">Agree</button> '
        f'<button type="submit" name="decision" value="decline" id="decline">Not now</button>'
        f"</form></body></html>"
    )


def authorize(request, state, **_):
    query = request.query if request.method == "GET" else request.form()
    app = state.data["apps"].get(query.get("client_id", ""))
    if app is None or query.get("redirect_uri") != app["runame"] or query.get("response_type") != "code":
        return html_response(
            "<!doctype html><title>Error</title><h1>invalid_request</h1>"
            "<p>Unknown client_id, redirect_uri (RuName) or response_type.</p>",
            400,
        )
    scopes = query.get("scope", "").split()
    if not scopes or set(scopes) - KNOWN_SCOPES:
        return redirect(
            app["declined_url"] + "?" + urlencode({"error": "invalid_scope", "state": query.get("state", "")})
        )
    if request.method == "GET":
        return html_response(_consent_form(query))
    if query.get("decision") == "decline":
        # What eBay's declined redirect carries is unknown (ebay-api §11.7): the sandbox's choice.
        return redirect(
            app["declined_url"] + "?" + urlencode({"error": "access_denied", "state": query.get("state", "")})
        )
    with state.lock:
        seller = state.data["sellers"].get(query.get("username", ""))
        if seller is None or seller["password"] != query.get("password"):
            return html_response(_consent_form(query, "Your user ID or password is incorrect."), 200)
        code = state.new_token("code")
        state.data["codes"][code] = {
            "client_id": app["client_id"],
            "runame": app["runame"],
            "username": seller["username"],
            "scopes": scopes,
            "expires": state.now() + state.config["code_lifetime"],
        }
    # The code holds ^ and #: percent-encoded once, as eBay does.
    return redirect(
        f"{app['accept_url']}?state={quote(query.get('state', ''), safe='')}"
        f"&code={quote(code, safe='')}&expires_in={state.config['code_lifetime']}"
    )


def _client(request, state):
    header = request.headers.get("Authorization") or ""
    if not header.startswith("Basic "):
        return None
    try:
        client_id, _, secret = base64.b64decode(header[6:]).decode().partition(":")
    except ValueError:
        return None
    app = state.data["apps"].get(client_id)
    return app if app and app["client_secret"] == secret else None


def token(request, state, **_):
    app = _client(request, state)
    if app is None:
        return errors.oauth(401, "invalid_client", "client authentication failed")
    if not (request.headers.get("Content-Type") or "").startswith("application/x-www-form-urlencoded"):
        return errors.oauth(400, "invalid_request", "request is missing a required parameter or malformed.")
    form = request.form()
    grant = form.get("grant_type")
    with state.lock:
        if grant == "authorization_code":
            return _code_grant(app, form, state)
        if grant == "refresh_token":
            return _refresh_grant(app, form, state)
        if grant == "client_credentials":
            scopes = form.get("scope", "").split()
            if not scopes or set(scopes) - {SCOPE_ROOT}:
                return errors.oauth(400, "invalid_scope", errors.SCOPE_INVALID)
            access = _issue_access(state, "app", None, app["client_id"], scopes)
            return _json(
                {
                    "access_token": access,
                    "expires_in": state.config["access_lifetime"],
                    "token_type": "Application Access Token",
                }
            )
    return errors.oauth(
        400, "unsupported_grant_type", "grant type in request is not supported by the authorization server"
    )


def _json(data):
    from .web import json_response

    return json_response(data)


def _issue_access(state, kind, username, client_id, scopes) -> str:
    access = state.new_token("access")
    state.data["access"][access] = {
        "kind": kind,
        "username": username,
        "client_id": client_id,
        "scopes": scopes,
        "expires": state.now() + state.config["access_lifetime"],
    }
    return access


def _code_grant(app, form, state):
    code = state.data["codes"].pop(form.get("code", ""), None)  # single use, whatever comes next
    if (
        form.get("redirect_uri") != app["runame"]
        or code is None
        or code["client_id"] != app["client_id"]
        or code["expires"] < state.now()
    ):
        return errors.oauth(400, "invalid_grant", errors.GRANT_CODE_INVALID)
    refresh = state.new_token("refresh")
    state.data["refresh"][refresh] = {
        "client_id": app["client_id"],
        "username": code["username"],
        "scopes": code["scopes"],
        "expires": state.now() + state.config["refresh_lifetime"],
    }
    access = _issue_access(state, "user", code["username"], app["client_id"], code["scopes"])
    return _json(
        {
            "access_token": access,
            "expires_in": state.config["access_lifetime"],
            "refresh_token": refresh,
            "refresh_token_expires_in": state.config["refresh_lifetime"],
            "token_type": "User Access Token",
        }
    )


def _refresh_grant(app, form, state):
    record = state.data["refresh"].get(form.get("refresh_token", ""))
    if (
        record is None
        or record.get("revoked")
        or record["client_id"] != app["client_id"]
        or record["expires"] < state.now()
        or record["username"] not in state.data["sellers"]
    ):
        return errors.oauth(400, "invalid_grant", errors.REFRESH_TOKEN_INVALID)
    scopes = form.get("scope", "").split() or record["scopes"]
    if set(scopes) - set(record["scopes"]):
        return errors.oauth(400, "invalid_scope", errors.SCOPE_INVALID)
    access = _issue_access(state, "user", record["username"], app["client_id"], scopes)
    # No new refresh token: the old one stays valid to its expiry (ebay-api §2.3).
    return _json(
        {"access_token": access, "expires_in": state.config["access_lifetime"], "token_type": "User Access Token"}
    )


def authenticate(request, state, route):
    """None when the bearer token may call the route, else eBay's 401/1001 or 403/1100."""
    header = request.headers.get("Authorization") or ""
    record = state.data["access"].get(header[7:]) if header.startswith("Bearer ") else None
    if (
        record is None
        or record.get("revoked")
        or record["expires"] < state.now()
        or (record["kind"] == "user" and record["username"] not in state.data["sellers"])
    ):
        return errors.invalid_token()
    request.token = record
    needed = route.scope
    if needed == "app":  # Taxonomy, Metadata, notification keys: any token carrying the base scope
        return None if record["kind"] == "app" or record["scopes"] else errors.access_denied()
    if record["kind"] != "user":
        return errors.access_denied()
    granted = set(record["scopes"])
    readonly = needed + ".readonly"
    if needed not in granted and not (request.method == "GET" and readonly in granted):
        return errors.access_denied()
    return None
