"""Pages, cookies, tokens and CSRF (docs/vinted-api.md §2, checklist items 1–7)."""

import time

import requests

from vinted.sandbox import tokens

from .helpers import PASSWORD, Client, csrf_from


def _set_cookies(response) -> dict:
    """name -> raw Set-Cookie value, from the raw headers (requests merges them)."""
    found = {}
    for value in response.raw.headers.getlist("Set-Cookie"):
        found[value.split("=", 1)[0]] = value
    return found


def test_items_new_first_visit_carries_csrf_in_rsc_payload_and_sets_anonymous_cookies(sandbox):
    response = requests.get(f"{sandbox.url}/fr/items/new")
    assert response.status_code == 200
    assert "self.__next_f.push([1," in response.text
    assert '\\"CSRF_TOKEN\\":\\"' in response.text
    assert "__NEXT_DATA__" not in response.text
    assert '<meta name="accept-language" content="fr-FR">' in response.text
    assert len(csrf_from(response.text)) == 36
    cookies = _set_cookies(response)
    assert "HttpOnly" not in cookies["anon_id"] and "Path=/fr/" in cookies["anon_id"]
    assert "HttpOnly" in cookies["access_token_web"]
    claims = tokens.decode_unverified(response.cookies["access_token_web"])
    assert claims["purpose"] == "access" and claims["account_id"] is None
    assert "refresh_token_web" not in cookies


def test_head_on_home_sets_anonymous_session(sandbox):
    response = requests.head(f"{sandbox.url}/fr/")
    assert response.status_code == 200 and response.content == b""
    assert {"access_token_web", "anon_id"} <= set(response.cookies.keys())


def test_home_page_serves_csrf_and_site_locale(sandbox):
    response = requests.get(f"{sandbox.url}/co.uk/")
    assert csrf_from(response.text)
    assert '<meta name="accept-language" content="en-GB">' in response.text


def test_login_sets_vinted_cookies_with_flags_and_jwt_claims(sandbox, seller):
    response = requests.post(
        f"{sandbox.url}/fr/member/login", data={"username": "alice", "password": PASSWORD}, allow_redirects=False
    )
    assert response.status_code == 302
    cookies = _set_cookies(response)
    assert {"access_token_web", "refresh_token_web", "anon_id", "datadome", "v_uid"} <= set(cookies)
    for name in ("access_token_web", "refresh_token_web", "v_uid"):
        assert "HttpOnly" in cookies[name], name
    for name in ("anon_id", "datadome"):
        assert "HttpOnly" not in cookies[name], name
    assert "Max-Age=604800" in cookies["refresh_token_web"]
    access = tokens.decode_unverified(response.cookies["access_token_web"])
    refresh = tokens.decode_unverified(response.cookies["refresh_token_web"])
    assert access["purpose"] == "access" and refresh["purpose"] == "refresh"
    assert access["account_id"] == seller["id"] and access["sub"] == str(seller["id"])
    assert 7190 <= access["exp"] - access["iat"] <= 7200
    assert refresh["exp"] - refresh["iat"] == 7 * 86400


def test_login_wrong_password_shows_error_and_sets_no_session(sandbox, seller):
    response = requests.post(
        f"{sandbox.url}/fr/member/login",
        data={"username": "alice", "password": "nope"},
        headers={"Accept-Language": "fr-FR"},
        allow_redirects=False,
    )
    assert response.status_code == 400
    assert "Nom d'utilisateur ou mot de passe incorrect." in response.text.replace("&#x27;", "'")
    assert "access_token_web" not in response.cookies


def test_signup_creates_seller_and_signs_in(sandbox):
    client = Client(sandbox.url, "pl")
    response = client.http.post(
        f"{client.site_url}/member/signup",
        data={"username": "kasia", "email": "k@example.com", "password": "secret-pw"},
    )
    assert response.status_code == 200 and "kasia" in response.text
    client.refresh_csrf()
    me = client.call("GET", "/api/v2/users/current").json()
    assert me["user"]["login"] == "kasia" and me["code"] == 0


def test_signup_taken_login_is_refused(sandbox, seller):
    response = requests.post(
        f"{sandbox.url}/fr/member/signup", data={"username": "alice", "email": "a@example.com", "password": "secret-pw"}
    )
    assert response.status_code == 400 and "already taken" in response.text


def test_users_current_returns_user_and_code_zero(alice, seller):
    body = alice.call("GET", "/api/v2/users/current").json()
    assert body["code"] == 0
    assert body["user"]["id"] == seller["id"] and body["user"]["login"] == "alice"
    assert body["user"]["path"] == f"/member/{seller['id']}"


def test_users_current_anonymous_token_is_401_code_100(sandbox):
    client = Client(sandbox.url)
    client.refresh_csrf()
    response = client.call("GET", "/api/v2/users/current")
    assert response.status_code == 401
    assert response.json()["code"] == 100
    assert response.json()["message_code"] == "invalid_authentication_token"


def test_unknown_token_is_401_localized(sandbox):
    response = requests.get(
        f"{sandbox.url}/fr/api/v2/users/current", cookies={"access_token_web": "a.b.c"}, headers={"Locale": "fr-FR"}
    )
    assert response.status_code == 401
    assert response.json()["message"] == "Jeton d'authentification invalide"


def test_expired_access_token_is_401(sandbox, seller):
    sandbox.configure(access_lifetime=1)
    session = sandbox.issue_session(seller["id"])
    time.sleep(1.1)
    response = requests.get(f"{sandbox.url}/fr/api/v2/users/current", cookies=session["cookies"])
    assert response.status_code == 401 and response.json()["code"] == 100


def test_bearer_token_is_accepted(sandbox, seller):
    session = sandbox.issue_session(seller["id"])
    response = requests.get(
        f"{sandbox.url}/fr/api/v2/users/current",
        headers={"Authorization": f"Bearer {session['cookies']['access_token_web']}"},
    )
    assert response.status_code == 200 and response.json()["user"]["id"] == seller["id"]


def test_session_of_one_site_is_refused_on_another(sandbox, seller):
    session = sandbox.issue_session(seller["id"])
    response = requests.get(
        f"{sandbox.url}/pl/api/v2/users/current",
        headers={"Authorization": f"Bearer {session['cookies']['access_token_web']}"},
    )
    assert response.status_code == 401


def test_cookies_are_scoped_to_their_site_path(sandbox, seller):
    client = Client(sandbox.url, "fr")
    client.login("alice")
    response = client.http.get(f"{sandbox.url}/co.uk/api/v2/users/current")
    assert response.status_code == 401


def test_write_without_csrf_is_403_code_106(alice):
    alice.csrf = None
    response = alice.upload()
    assert response.status_code == 403
    assert response.json() == {"code": 106, "message": "Access denied", "message_code": "access_denied"}


def test_write_with_another_sessions_csrf_is_403(sandbox, alice, bruno):
    alice.csrf = bruno.csrf
    assert alice.upload().status_code == 403


def test_reads_need_no_csrf(alice):
    alice.csrf = None
    assert alice.call("GET", "/api/v2/item_upload/colors").status_code == 200


def test_issue_session_returns_what_the_extension_would_export(sandbox, seller):
    session = sandbox.issue_session(seller["id"])
    assert session["base_url"] == f"{sandbox.url}/fr"
    assert session["user_agent"].startswith("Mozilla/5.0")
    assert session["vinted_user_id"] == seller["id"]
    headers = {"X-CSRF-Token": session["csrf_token"], "User-Agent": session["user_agent"]}
    response = requests.post(
        f"{session['base_url']}/api/v2/photos",
        cookies=session["cookies"],
        headers=headers,
        files={"photo[file]": ("p.jpg", b"not an image", "image/jpeg")},
    )
    assert response.status_code == 400 and response.json()["code"] == 50  # past the session and CSRF checks


def test_logout_revokes_the_session(alice):
    token = alice.http.cookies.get("access_token_web")
    alice.http.get(f"{alice.site_url}/member/logout")
    response = requests.get(f"{alice.site_url}/api/v2/users/current", cookies={"access_token_web": token})
    assert response.status_code == 401
