"""Every fault mode of the checklist, and how faults are targeted and counted (§12)."""

import time
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from .helpers import image_bytes, item_fields


def _captcha_kind(response) -> str:
    return parse_qs(urlsplit(response.json()["url"]).query)["t"][0]


def test_bot_challenge_answers_datadome_403(sandbox, alice, seller):
    sandbox.add_fault("bot_challenge", seller_id=seller["id"], route="items.create", times="once")
    response = alice.create(item_fields(alice.photo_id()))
    assert response.status_code == 403
    assert response.headers["x-dd-b"] == "1" and response.headers["x-datadome"] == "protected"
    assert response.headers["x-datadome-cid"]
    assert "datadome" in response.cookies
    assert response.json()["url"].startswith("https://geo.captcha-delivery.com/captcha/?")
    assert _captcha_kind(response) == "fe"
    assert sandbox.listings(seller["id"]) == []  # nothing happened behind the challenge


def test_bot_block_is_hard_block(sandbox, alice, seller):
    sandbox.add_fault("bot_block", seller_id=seller["id"])
    response = alice.call("GET", "/api/v2/users/current")
    assert response.status_code == 403 and response.headers["x-dd-b"] == "2" and _captcha_kind(response) == "bv"


@pytest.mark.parametrize("mode, status", [("bot_html", 403), ("bot_html_200", 200)])
def test_bot_html_interstitial(sandbox, alice, seller, mode, status):
    sandbox.add_fault(mode, seller_id=seller["id"], route="users.current")
    response = alice.call("GET", "/api/v2/users/current")
    assert response.status_code == status
    assert response.headers["Content-Type"].startswith("text/html") and "captcha-delivery.com" in response.text


def test_rate_limited_is_429(sandbox, alice, seller):
    sandbox.add_fault("rate_limited", seller_id=seller["id"], route="photos")
    response = alice.upload()
    assert response.status_code == 429 and response.content == b""


def test_expired_token_makes_the_token_dead_from_then_on(sandbox, alice, seller):
    sandbox.add_fault("expired_token", seller_id=seller["id"], times="once")
    first = alice.call("GET", "/api/v2/users/current")
    assert first.status_code == 401 and first.json()["code"] == 100
    assert alice.call("GET", "/api/v2/users/current").status_code == 401  # the fault is spent, the token dead
    fresh = sandbox.issue_session(seller["id"])
    assert requests.get(f"{fresh['base_url']}/api/v2/users/current", cookies=fresh["cookies"]).status_code == 200


def test_csrf_rotated_until_items_new_is_fetched_again(sandbox, alice, seller):
    sandbox.add_fault("csrf_rotated", seller_id=seller["id"], route="photos", times="once")
    assert alice.upload().json()["code"] == 106
    assert alice.upload().status_code == 403  # the old token stays dead
    alice.refresh_csrf()
    assert alice.upload().status_code == 200


def test_validation_fault_returns_configured_errors(sandbox, alice, seller):
    sandbox.add_fault(
        "validation", seller_id=seller["id"], errors=["brand", {"field": "package_size", "value": "Choose a parcel"}]
    )
    response = alice.create(item_fields(alice.photo_id()))
    assert response.status_code == 400 and response.json()["code"] == 99
    assert response.json()["errors"] == [
        {"field": "brand", "value": "Select a brand"},
        {"field": "package_size", "value": "Choose a parcel"},
    ]


@pytest.mark.parametrize("code", [50, 51])
def test_photo_error_fault(sandbox, alice, seller, code):
    sandbox.add_fault("photo_error", seller_id=seller["id"], code=code)
    response = alice.upload()
    assert response.status_code == 400 and response.json()["code"] == code


def test_slow_fault_delays_the_answer(sandbox, alice, seller):
    sandbox.add_fault("slow", seller_id=seller["id"], route="users.current", seconds=0.4)
    started = time.monotonic()
    assert alice.call("GET", "/api/v2/users/current").status_code == 200
    assert time.monotonic() - started >= 0.4


def test_slow_fault_trips_a_client_timeout(sandbox, alice, seller):
    sandbox.add_fault("slow", seller_id=seller["id"], route="users.current", seconds=1)
    with pytest.raises(requests.Timeout):
        alice.http.get(f"{alice.site_url}/api/v2/users/current", timeout=0.2)


def test_drop_after_commit_creates_the_listing_but_never_answers(sandbox, alice, seller):
    photo = alice.photo_id()
    sandbox.add_fault("drop_after_commit", seller_id=seller["id"], route="items.create", times="once")
    with pytest.raises(requests.ConnectionError):
        alice.create(item_fields(photo, title="Lost answer shirt"))
    listings = sandbox.listings(seller["id"])
    assert [i["title"] for i in listings] == ["Lost answer shirt"]
    newest = alice.call("GET", f"/api/v2/wardrobe/{seller['id']}/items?order=newest_first").json()["items"]
    assert newest[0]["title"] == "Lost answer shirt"  # what a reconciling client finds


def test_drop_after_commit_on_delete_and_upload(sandbox, alice, seller):
    item = alice.publish()
    sandbox.add_fault("drop_after_commit", seller_id=seller["id"], route="items.delete", times="once")
    with pytest.raises(requests.ConnectionError):
        alice.call("POST", f"/api/v2/items/{item['id']}/delete")
    assert sandbox.listings(seller["id"]) == []
    sandbox.add_fault("drop_after_commit", seller_id=seller["id"], route="photos", times="once")
    before = len(sandbox.state.photos)
    with pytest.raises(requests.ConnectionError):
        alice.upload(image_bytes())
    assert len(sandbox.state.photos) == before + 1


@pytest.mark.parametrize("status", [500, 503])
def test_server_error_has_code_105(sandbox, alice, seller, status):
    sandbox.add_fault("server_error", seller_id=seller["id"], route="items.create", status=status)
    response = alice.create(item_fields(alice.photo_id()))
    assert response.status_code == status and response.json()["code"] == 105


def test_dead_refresh_kills_the_chain(sandbox, alice, seller):
    sandbox.add_fault("dead_refresh", seller_id=seller["id"], times="once")
    url = f"{alice.site_url}/web/api/auth/refresh"
    first = alice.http.post(url)
    assert first.status_code == 400 and first.content == b""
    assert alice.http.post(url).status_code == 400  # the chain stays dead after the fault is spent


@pytest.mark.parametrize("status, code", [(401, 100), (403, 106)])
def test_signed_out_on_users_current(sandbox, alice, seller, status, code):
    sandbox.add_fault("signed_out", seller_id=seller["id"], times="once", status=status)
    response = alice.call("GET", "/api/v2/users/current")
    assert response.status_code == status and response.json()["code"] == code
    assert alice.call("GET", "/api/v2/users/current").status_code == 401


def test_fault_n_times_then_normal(sandbox, alice, seller):
    sandbox.add_fault("server_error", seller_id=seller["id"], route="users.current", times=2)
    statuses = [alice.call("GET", "/api/v2/users/current").status_code for _ in range(3)]
    assert statuses == [500, 500, 200]


def test_fault_always_keeps_firing(sandbox, alice, seller):
    sandbox.add_fault("rate_limited", seller_id=seller["id"], route="users.current")
    assert {alice.call("GET", "/api/v2/users/current").status_code for _ in range(4)} == {429}
    sandbox.clear_faults()
    assert alice.call("GET", "/api/v2/users/current").status_code == 200


@pytest.mark.parametrize("probability, expected", [(0.0, {200}), (1.0, {503})])
def test_fault_probability_bounds(sandbox, alice, seller, probability, expected):
    sandbox.add_fault(
        "server_error", seller_id=seller["id"], route="users.current", probability=probability, status=503
    )
    assert {alice.call("GET", "/api/v2/users/current").status_code for _ in range(5)} == expected


def test_fault_probability_fires_some_of_the_time(sandbox, alice, seller):
    sandbox.add_fault("server_error", seller_id=seller["id"], route="users.current", probability=0.5)
    statuses = [alice.call("GET", "/api/v2/users/current").status_code for _ in range(60)]
    assert 5 < statuses.count(500) < 55


def test_fault_for_one_seller_leaves_the_other_alone(sandbox, alice, bruno, seller):
    sandbox.add_fault("bot_challenge", seller_id=seller["id"])
    assert alice.call("GET", "/api/v2/users/current").status_code == 403
    assert bruno.call("GET", "/api/v2/users/current").status_code == 200


def test_fault_route_by_path_pattern_and_method(sandbox, alice, seller):
    sandbox.add_fault("server_error", seller_id=seller["id"], route="PUT /api/v2/items/*/is_hidden")
    item = alice.publish()
    assert alice.call("GET", f"/api/v2/item_upload/items/{item['id']}").status_code == 200
    assert alice.call("PUT", f"/api/v2/items/{item['id']}/is_hidden", json={"is_hidden": True}).status_code == 500


def test_unknown_fault_mode_is_refused(sandbox):
    with pytest.raises(ValueError):
        sandbox.add_fault("meteor_strike")
