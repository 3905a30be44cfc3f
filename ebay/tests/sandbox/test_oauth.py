from urllib.parse import parse_qs, unquote, urlsplit

import requests

from ebay.sandbox.state import LOCAL_APP

from .helpers import SCOPE, Api, app_token, basic, code_of, consent, error_id, token, user_tokens


def test_consent_page_get_shows_the_sign_in_form(sandbox, seller):
    page = requests.get(
        f"{sandbox.url}/oauth2/authorize",
        timeout=5,
        params={
            "client_id": LOCAL_APP["client_id"],
            "redirect_uri": LOCAL_APP["runame"],
            "response_type": "code",
            "scope": f"{SCOPE}/sell.inventory",
            "state": "xyz",
        },
    )
    assert page.status_code == 200
    assert 'name="username"' in page.text and f"{SCOPE}/sell.inventory" in page.text


def test_consent_page_with_unknown_runame_answers_400(sandbox):
    page = requests.get(
        f"{sandbox.url}/oauth2/authorize",
        timeout=5,
        params={
            "client_id": LOCAL_APP["client_id"],
            "redirect_uri": "https://example.com/cb",
            "response_type": "code",
            "scope": SCOPE,
            "state": "xyz",
        },
    )
    assert page.status_code == 400


def test_consent_accepted_redirects_with_encoded_code_state_and_expiry(sandbox, seller):
    answer = consent(sandbox, "alice_fr", state="a b/c")
    assert answer.status_code == 302
    location = answer.headers["Location"]
    assert location.startswith("http://127.0.0.1:9/ebay/consent/accepted?")
    assert "%5E" in location and "%23" in location  # ^ and # percent-encoded once
    query = parse_qs(urlsplit(location).query)
    assert query["state"] == ["a b/c"] and query["expires_in"] == ["299"]
    assert query["code"][0].startswith("v^1.1#")


def test_consent_with_wrong_password_shows_the_form_again(sandbox, seller):
    answer = consent(sandbox, "alice_fr", password="nope")
    assert answer.status_code == 200 and 'id="problem"' in answer.text


def test_consent_declined_redirects_to_the_declined_url_with_access_denied(sandbox, seller):
    answer = consent(sandbox, "alice_fr", decision="decline", state="s9")
    assert answer.headers["Location"] == "http://127.0.0.1:9/ebay/consent/declined?error=access_denied&state=s9"


def test_code_exchange_returns_user_tokens_with_lifetimes(sandbox, seller):
    found = user_tokens(sandbox, "alice_fr")
    assert found["token_type"] == "User Access Token"
    assert found["expires_in"] == 7200 and found["refresh_token_expires_in"] == 47304000
    assert found["access_token"] and found["refresh_token"]


def test_code_exchange_twice_gives_invalid_grant(sandbox, seller):
    code = code_of(consent(sandbox, "alice_fr"))
    first = token(sandbox, grant_type="authorization_code", code=code, redirect_uri=LOCAL_APP["runame"])
    second = token(sandbox, grant_type="authorization_code", code=code, redirect_uri=LOCAL_APP["runame"])
    assert first.status_code == 200
    assert second.status_code == 400 and second.json() == {
        "error": "invalid_grant",
        "error_description": "the provided authorization grant code is invalid or was issued to another client",
    }


def test_code_exchange_after_299_seconds_gives_invalid_grant(sandbox, seller):
    code = code_of(consent(sandbox, "alice_fr"))
    sandbox.advance_clock(300)
    answer = token(sandbox, grant_type="authorization_code", code=code, redirect_uri=LOCAL_APP["runame"])
    assert answer.status_code == 400 and answer.json()["error"] == "invalid_grant"


def test_code_exchange_double_encoded_gives_invalid_grant(sandbox, seller):
    location = consent(sandbox, "alice_fr").headers["Location"]
    encoded_once = location.split("code=")[1].split("&")[0]
    answer = token(sandbox, grant_type="authorization_code", code=encoded_once, redirect_uri=LOCAL_APP["runame"])
    assert answer.status_code == 400 and answer.json()["error"] == "invalid_grant"
    assert unquote(encoded_once).startswith("v^1.1#")


def test_token_with_wrong_client_secret_gives_invalid_client(sandbox):
    answer = requests.post(
        f"{sandbox.url}/identity/v1/oauth2/token",
        timeout=5,
        data={"grant_type": "client_credentials", "scope": SCOPE},
        headers={"Authorization": basic(secret="wrong")},
    )
    assert answer.status_code == 401 and answer.json()["error"] == "invalid_client"


def test_refresh_returns_a_new_access_token_without_a_refresh_token(sandbox, tokens):
    answer = token(sandbox, grant_type="refresh_token", refresh_token=tokens["refresh_token"]).json()
    assert answer["access_token"] != tokens["access_token"]
    assert "refresh_token" not in answer and answer["token_type"] == "User Access Token"


def test_refresh_after_revoked_consent_gives_invalid_grant(sandbox, tokens):
    sandbox.revoke_consent("alice_fr")
    answer = token(sandbox, grant_type="refresh_token", refresh_token=tokens["refresh_token"])
    assert answer.status_code == 400 and answer.json() == {
        "error": "invalid_grant",
        "error_description": "the provided authorization refresh token is invalid or was issued to another client",
    }


def test_refresh_asking_a_wider_scope_gives_invalid_scope(sandbox, seller):
    tokens = user_tokens(sandbox, "alice_fr", scopes=[f"{SCOPE}/sell.inventory"])
    answer = token(
        sandbox, grant_type="refresh_token", refresh_token=tokens["refresh_token"], scope=f"{SCOPE}/sell.account"
    )
    assert answer.status_code == 400 and answer.json()["error"] == "invalid_scope"


def test_client_credentials_with_unknown_scope_gives_invalid_scope(sandbox):
    answer = token(sandbox, grant_type="client_credentials", scope=f"{SCOPE}/sell.nothing")
    assert answer.status_code == 400 and answer.json()["error"] == "invalid_scope"


def test_client_credentials_returns_an_application_token(sandbox):
    answer = token(sandbox, grant_type="client_credentials", scope=SCOPE).json()
    assert answer["token_type"] == "Application Access Token" and answer["expires_in"] == 7200


def test_rest_call_without_bearer_gives_401_1001(sandbox):
    answer = requests.get(f"{sandbox.url}/sell/inventory/v1/location", timeout=5)
    assert answer.status_code == 401 and answer.json()["errors"][0]["domain"] == "OAuth"
    assert error_id(answer) == 1001


def test_rest_call_after_7200_seconds_gives_401_1001(sandbox, api):
    assert api.get("/sell/inventory/v1/location").status_code == 200
    sandbox.advance_clock(7201)
    answer = api.get("/sell/inventory/v1/location")
    assert answer.status_code == 401 and error_id(answer) == 1001


def test_rest_call_after_revoked_consent_gives_401_1001(sandbox, api):
    sandbox.revoke_consent("alice_fr")
    assert error_id(api.get("/sell/inventory/v1/location")) == 1001


def test_rest_call_without_the_scope_gives_403_1100(sandbox, seller):
    tokens = user_tokens(sandbox, "alice_fr", scopes=[f"{SCOPE}/sell.inventory"])
    answer = Api(sandbox.url, tokens["access_token"]).get("/sell/fulfillment/v1/order")
    assert answer.status_code == 403 and error_id(answer) == 1100


def test_application_token_on_a_seller_api_gives_403_1100(sandbox):
    answer = Api(sandbox.url, app_token(sandbox)).get("/sell/inventory/v1/location")
    assert answer.status_code == 403 and error_id(answer) == 1100
