"""POST /web/api/auth/refresh: single-use rotation, dead chains (docs/vinted-api.md §2.7)."""

import requests

from vinted.sandbox import tokens


def _refresh(client, **cookies):
    jar = cookies or None
    if jar is None:
        return client.http.post(f"{client.site_url}/web/api/auth/refresh", json={})
    return requests.post(f"{client.site_url}/web/api/auth/refresh", cookies=jar, json={})


def test_refresh_rotates_both_tokens_and_sets_cookies(alice):
    old_access = alice.http.cookies.get("access_token_web")
    old_refresh = alice.http.cookies.get("refresh_token_web")
    response = _refresh(alice)
    assert response.status_code == 200
    body = response.json()
    assert body["access_token"] != old_access and body["refresh_token"] != old_refresh
    assert alice.http.cookies.get("access_token_web") == body["access_token"]
    assert alice.http.cookies.get("refresh_token_web") == body["refresh_token"]
    assert tokens.decode_unverified(body["refresh_token"])["purpose"] == "refresh"
    assert alice.call("GET", "/api/v2/users/current").status_code == 200


def test_refresh_token_reuse_is_empty_400(alice):
    access = alice.http.cookies.get("access_token_web")
    spent = alice.http.cookies.get("refresh_token_web")
    assert _refresh(alice).status_code == 200
    again = _refresh(alice, access_token_web=access, refresh_token_web=spent)
    assert again.status_code == 400 and again.content == b""


def test_refresh_without_access_cookie_is_empty_400(alice):
    response = _refresh(alice, refresh_token_web=alice.http.cookies.get("refresh_token_web"))
    assert response.status_code == 400 and response.content == b""


def test_refresh_works_with_an_expired_access_token(sandbox, alice):
    sandbox.configure(access_lifetime=0)
    _refresh(alice)  # now holds a token that is already expired
    assert alice.call("GET", "/api/v2/users/current").status_code == 401
    sandbox.configure(access_lifetime=60)
    assert _refresh(alice).status_code == 200
    assert alice.call("GET", "/api/v2/users/current").status_code == 200


def test_refresh_after_refresh_lifetime_is_empty_400(sandbox, seller):
    sandbox.configure(refresh_lifetime=0)
    session = sandbox.issue_session(seller["id"])
    response = requests.post(
        f"{session['base_url']}/web/api/auth/refresh",
        cookies={
            "access_token_web": session["cookies"]["access_token_web"],
            "refresh_token_web": session["refresh_token_web"],
        },
    )
    assert response.status_code == 400 and response.content == b""
