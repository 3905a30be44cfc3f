"""Drafts (§5), the wardrobe with pagination and state flags, seller_filters counts (§6.4)."""

import requests

from .helpers import fields_of, item_fields


def _draft_body(fields: dict, **extra) -> dict:
    return {"draft": fields, "feedback_id": None, "parcel": None, "upload_session_id": fields.get("temp_uuid"), **extra}


def test_draft_saves_partial_listing_then_completion_publishes(sandbox, alice, seller):
    photo = alice.photo_id()
    created = alice.call(
        "POST", "/api/v2/item_upload/drafts", json=_draft_body({"title": "Linen shirt", "currency": "EUR"})
    )
    assert created.status_code == 200, created.text
    draft = created.json()["draft"]
    assert draft["is_draft"] is True
    updated = alice.call(
        "PUT",
        f"/api/v2/item_upload/drafts/{draft['id']}",
        json=_draft_body({"title": "Linen shirt, white", "catalog_id": 221}),
    )
    assert updated.json()["draft"]["title"] == "Linen shirt, white"
    done = alice.call(
        "POST",
        f"/api/v2/item_upload/drafts/{draft['id']}/completion",
        json=_draft_body(item_fields(photo, id=draft["id"]), push_up=False),
    )
    assert done.status_code == 200 and done.json()["item"]["is_draft"] is False
    assert done.json()["item"]["id"] == draft["id"]
    assert sandbox.listings(seller["id"])[0]["is_draft"] is False


def test_draft_completion_validates_everything(alice):
    draft = alice.call("POST", "/api/v2/item_upload/drafts", json=_draft_body({"title": "Scarf"})).json()["draft"]
    response = alice.call(
        "POST",
        f"/api/v2/item_upload/drafts/{draft['id']}/completion",
        json=_draft_body({"title": "Scarf", "id": draft["id"]}),
    )
    assert response.status_code == 400 and {"photos", "price", "category"} <= fields_of(response)


def test_draft_invalid_value_is_rejected(alice):
    response = alice.call("POST", "/api/v2/item_upload/drafts", json=_draft_body({"price": -1}))
    assert response.status_code == 400 and fields_of(response) == {"price"}


def test_draft_completion_push_up_is_rejected(alice):
    draft = alice.call("POST", "/api/v2/item_upload/drafts", json=_draft_body({"title": "Scarf"})).json()["draft"]
    response = alice.call(
        "POST",
        f"/api/v2/item_upload/drafts/{draft['id']}/completion",
        json=_draft_body(item_fields(alice.photo_id(), id=draft["id"]), push_up=True),
    )
    assert response.status_code == 400 and fields_of(response) == {"push_up"}


def test_draft_delete(sandbox, alice, seller):
    draft = alice.call("POST", "/api/v2/item_upload/drafts", json=_draft_body({"title": "Scarf"})).json()["draft"]
    assert alice.call("DELETE", f"/api/v2/item_upload/drafts/{draft['id']}").json() == {"code": 0}
    assert sandbox.listings(seller["id"]) == []


def test_wardrobe_paginates_newest_first(alice, seller):
    ids = [alice.publish(title=f"Shirt number {n}")["id"] for n in range(5)]
    seen, page = [], 1
    while True:
        body = alice.call(
            "GET", f"/api/v2/wardrobe/{seller['id']}/items?page={page}&per_page=2&order=newest_first"
        ).json()
        assert body["code"] == 0
        seen += [i["id"] for i in body["items"]]
        if body["pagination"]["current_page"] >= body["pagination"]["total_pages"]:
            break
        page += 1
    assert seen == list(reversed(ids))
    assert body["pagination"] == {"current_page": 3, "total_pages": 3, "total_entries": 5, "per_page": 2}


def test_wardrobe_flags_sold_hidden_views_and_favourites(sandbox, alice, seller):
    sold, hidden, plain = (alice.publish(title=t) for t in ("Sold shirt", "Hidden shirt", "Plain shirt"))
    sandbox.mark_sold(sold["id"])
    alice.call("PUT", f"/api/v2/items/{hidden['id']}/is_hidden", json={"is_hidden": True})
    sandbox.set_stats(plain["id"], views=31, favourites=4)
    items = {i["id"]: i for i in alice.call("GET", f"/api/v2/wardrobe/{seller['id']}/items").json()["items"]}
    assert items[sold["id"]]["is_closed"] is True and items[sold["id"]]["item_closing_action"] == "sold"
    assert items[sold["id"]]["can_edit"] is False
    assert items[hidden["id"]]["is_hidden"] is True and items[hidden["id"]]["is_visible"] is False
    assert (items[plain["id"]]["view_count"], items[plain["id"]]["favourite_count"]) == (31, 4)
    assert items[plain["id"]]["is_visible"] is True and items[plain["id"]]["status"] == "Very good"
    assert items[plain["id"]]["photos"][0]["high_resolution"]["timestamp"] > 0


def test_wardrobe_of_someone_else_shows_visible_listings_only(sandbox, alice, bruno, seller):
    shown, hidden = alice.publish(title="Shown shirt"), alice.publish(title="Hidden shirt")
    alice.call("PUT", f"/api/v2/items/{hidden['id']}/is_hidden", json={"is_hidden": True})
    items = bruno.call("GET", f"/api/v2/wardrobe/{seller['id']}/items").json()["items"]
    assert [i["id"] for i in items] == [shown["id"]]


def test_wardrobe_bad_page_is_400(alice, seller):
    assert alice.call("GET", f"/api/v2/wardrobe/{seller['id']}/items?page=zero").status_code == 400


def test_seller_filters_counts_by_state(sandbox, alice):
    first, second, third = (alice.publish(title=t) for t in ("First shirt", "Second shirt", "Third shirt"))
    sandbox.mark_sold(first["id"])
    alice.call("PUT", f"/api/v2/items/{second['id']}/is_hidden", json={"is_hidden": True})
    alice.call("POST", "/api/v2/item_upload/drafts", json=_draft_body({"title": "Draft"}))
    counts = {f["name"]: f["count"] for f in alice.call("GET", "/api/v2/closet/seller_filters").json()["filters"]}
    assert counts == {"Active": 1, "Hidden": 1, "Reserved": 0, "Sold": 1, "Drafts": 1}


def test_wardrobe_page_shows_listings_with_photos(sandbox, alice, seller):
    item = alice.publish(title="Blue denim jacket")
    page = requests.get(f"{sandbox.url}/fr/member/{seller['id']}", headers={"Accept-Language": "fr"})
    assert page.status_code == 200 and "Dressing de alice" in page.text
    assert "Blue denim jacket" in page.text
    photo_url = item["photos"][0]["thumbnails"][2]["url"]
    assert photo_url in page.text and requests.get(photo_url).status_code == 200
    assert 'name="viewport"' in page.text
