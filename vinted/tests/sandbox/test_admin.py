"""The /__sandbox__/ controls, the request log and the mutating counter."""

import time

import requests

from .helpers import item_fields


def _admin(sandbox, method, path, **kwargs):
    return requests.request(method, f"{sandbox.url}/__sandbox__{path}", timeout=5, **kwargs)


def test_create_seller_and_issue_session_over_http(sandbox):
    created = _admin(sandbox, "POST", "/sellers", json={"login": "carla", "password": "pw-carla", "site": "co.uk"})
    assert created.status_code == 201
    seller = created.json()["seller"]
    assert seller["site"] == "co.uk" and "password" not in seller
    issued = _admin(sandbox, "POST", f"/sellers/{seller['id']}/session").json()
    assert issued["base_url"] == f"{sandbox.url}/co.uk"
    assert {"access_token_web", "anon_id", "datadome", "v_uid"} <= set(issued["cookies"])
    me = requests.get(
        f"{issued['base_url']}/api/v2/users/current",
        cookies=issued["cookies"],
        headers={"User-Agent": issued["user_agent"]},
    )
    assert me.json()["user"]["login"] == "carla"
    listed = _admin(sandbox, "GET", "/sellers").json()["sellers"]
    assert [s["login"] for s in listed] == ["carla"]


def test_create_seller_bad_input_names_the_field(sandbox):
    assert _admin(sandbox, "POST", "/sellers", json={"password": "x"}).json()["errors"][0]["field"] == "login"
    bad_site = _admin(sandbox, "POST", "/sellers", json={"login": "x", "password": "y", "site": "mars"})
    assert bad_site.status_code == 400 and bad_site.json()["errors"][0]["field"] == "site"
    _admin(sandbox, "POST", "/sellers", json={"login": "dup", "password": "y"})
    taken = _admin(sandbox, "POST", "/sellers", json={"login": "dup", "password": "y"})
    assert taken.status_code == 400 and taken.json()["errors"][0]["field"] == "login"


def test_faults_over_http(sandbox, alice, seller):
    created = _admin(
        sandbox,
        "POST",
        "/faults",
        json={"mode": "rate_limited", "seller_id": seller["id"], "route": "users.current", "times": 2},
    )
    assert created.status_code == 201
    assert [f["mode"] for f in _admin(sandbox, "GET", "/faults").json()["faults"]] == ["rate_limited"]
    assert alice.call("GET", "/api/v2/users/current").status_code == 429
    assert _admin(sandbox, "DELETE", f"/faults/{created.json()['fault']['id']}").status_code == 200
    assert alice.call("GET", "/api/v2/users/current").status_code == 200
    bad = _admin(sandbox, "POST", "/faults", json={"mode": "nope"})
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "mode"
    assert _admin(sandbox, "POST", "/faults", json={"mode": "slow", "times": 0}).status_code == 400


def test_mark_sold_and_stats_over_http(sandbox, alice, seller):
    item = alice.publish()
    assert _admin(sandbox, "POST", f"/items/{item['id']}/sold").json()["item"]["closing_action"] == "sold"
    stats = _admin(sandbox, "POST", f"/items/{item['id']}/stats", json={"views": 12, "favourites": 3})
    assert (stats.json()["item"]["view_count"], stats.json()["item"]["favourite_count"]) == (12, 3)
    assert _admin(sandbox, "POST", f"/items/{item['id']}/stats", json={"views": -1}).status_code == 400
    assert _admin(sandbox, "POST", "/items/1/sold").status_code == 404
    listed = _admin(sandbox, "GET", f"/sellers/{seller['id']}/items").json()["items"]
    assert listed[0]["is_closed"] is True


def test_reserve_an_item_over_http_shows_it_reserved_in_the_wardrobe(sandbox, alice, seller):
    item = alice.publish()
    reserved = _admin(sandbox, "POST", f"/items/{item['id']}/reserved", json={"reserved": True})
    assert reserved.status_code == 200 and reserved.json()["item"]["is_reserved"] is True
    listed = _admin(sandbox, "GET", f"/sellers/{seller['id']}/items").json()["items"]
    assert listed[0]["is_reserved"] is True and listed[0]["is_closed"] is False
    bad = _admin(sandbox, "POST", f"/items/{item['id']}/reserved", json={"reserved": "yes"})
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "reserved"
    assert _admin(sandbox, "POST", "/items/1/reserved").status_code == 404
    assert sandbox.set_reserved(item["id"], False)["is_reserved"] is False


def test_request_log_keeps_method_path_headers_body_time(sandbox, alice, seller):
    started = time.time()
    alice.call(
        "POST",
        "/api/v2/item_upload/items",
        json={"item": {"title": "Logged"}},
        headers={"X-Upload-Form": "true", "User-Agent": "UA-under-test"},
    )
    entry = sandbox.request_log(seller["id"])[-1]
    assert entry["method"] == "POST" and entry["path"] == "/fr/api/v2/item_upload/items"
    assert entry["headers"]["X-Upload-Form"] == "true" and entry["headers"]["User-Agent"] == "UA-under-test"
    assert "access_token_web=" in entry["headers"]["Cookie"]
    assert entry["body"] == {"item": {"title": "Logged"}} and entry["status"] == 400
    assert entry["time"] >= started
    over_http = _admin(sandbox, "GET", f"/sellers/{seller['id']}/requests").json()["requests"]
    assert over_http[-1]["path"] == "/fr/api/v2/item_upload/items"


def test_request_log_summarizes_photo_uploads(sandbox, alice, seller):
    alice.upload(temp_uuid="abc")
    body = sandbox.request_log(seller["id"])[-1]["body"]
    assert body["fields"]["photo[temp_uuid]"] == "abc" and body["files"]["photo[file]"]["size"] > 0


def test_mutating_counter_counts_exactly_the_writes(sandbox, alice, seller):
    for _ in range(38):
        alice.upload()
    alice.call("GET", "/api/v2/users/current")
    alice.call("GET", "/api/v2/item_upload/colors")
    alice.call("POST", "/api/v2/item_upload/attributes", json={"attributes": [{"code": "category", "value": [221]}]})
    alice.create(item_fields())  # rejected (no photo) but it reached Vinted: it counts
    alice.csrf = None
    alice.upload()  # refused for CSRF: it still counts
    assert sandbox.mutating_count(seller["id"]) == 40
    assert sandbox.mutating_count(seller["id"], window=7200) == 40
    stamps = sandbox.mutation_times(seller["id"])
    assert stamps == sorted(stamps) and len(stamps) == 40
    over_http = _admin(sandbox, "GET", f"/sellers/{seller['id']}/mutations?window=7200").json()
    assert over_http["count"] == 40 and len(over_http["timestamps"]) == 40


def test_mutating_counter_window_excludes_older_writes(sandbox, alice, seller):
    alice.upload()
    time.sleep(0.3)
    alice.upload()
    assert sandbox.mutating_count(seller["id"], window=0.2) == 1
    assert _admin(sandbox, "GET", f"/sellers/{seller['id']}/mutations?window=abc").status_code == 400


def test_reset_forgets_everything(sandbox, alice, seller):
    alice.publish()
    assert _admin(sandbox, "POST", "/reset").json() == {"code": 0}
    assert sandbox.state.sellers == {} and sandbox.state.items == {}
    assert alice.call("GET", "/api/v2/users/current").status_code == 401  # new signing key


def test_config_over_http(sandbox):
    changed = _admin(sandbox, "PATCH", "/config", json={"sold_item_status": 403}).json()
    assert changed["config"]["sold_item_status"] == 403
    assert _admin(sandbox, "PATCH", "/config", json={"bogus": 1}).status_code == 400


def test_datadome_cookie_is_reissued_now_and_then(sandbox, alice):
    sandbox.configure(datadome_every=3)
    responses = [alice.call("GET", "/api/v2/item_upload/colors") for _ in range(6)]
    assert sum("datadome" in r.cookies for r in responses) == 2


def test_unknown_seller_in_controls_is_404(sandbox):
    assert _admin(sandbox, "POST", "/sellers/42/session").status_code == 404
    assert _admin(sandbox, "GET", "/sellers/42/requests").status_code == 404


def test_request_log_never_keeps_the_sign_in_password(sandbox, seller):
    requests.post(
        f"{sandbox.url}/fr/member/login", data={"username": "alice", "password": "pw-secret-1"}, allow_redirects=False
    )
    assert "pw-secret-1" not in repr(sandbox.request_log())
