"""The repost sequence of docs/vinted-api.md §6.5, end to end: listings keep their photos."""

import uuid

import requests

from .helpers import image_bytes, item_fields, listing_body


def test_repost_downloads_photos_reuploads_creates_then_deletes_old(sandbox, alice, seller):
    originals = [image_bytes(100 + n, 140) for n in range(3)]
    first_ids = [alice.upload(data).json()["id"] for data in originals]
    old = alice.create(item_fields(*first_ids, title="Wool coat")).json()["item"]
    sandbox.set_stats(old["id"], views=40, favourites=6)

    editor = alice.call("GET", f"/api/v2/item_upload/items/{old['id']}").json()["item"]
    photos = sorted(editor["photos"], key=lambda p: p["image_no"])
    downloaded = [requests.get(p["full_size_url"]).content for p in photos]
    assert downloaded == originals

    session = str(uuid.uuid4())
    new_ids = [alice.upload(data, temp_uuid=session).json()["id"] for data in downloaded]
    fields = item_fields(
        *new_ids,
        title=editor["title"],
        description=editor["description"],
        price=float(editor["price"]["amount"]),
        temp_uuid=session,
    )
    created = alice.call(
        "POST", "/api/v2/item_upload/items", json=listing_body(fields), headers={"X-Upload-Form": "true"}
    )
    assert created.status_code == 200
    new = created.json()["item"]
    assert alice.call("POST", f"/api/v2/items/{old['id']}/delete").json() == {"code": 0}

    listings = sandbox.listings(seller["id"])
    assert [i["id"] for i in listings] == [new["id"]] and new["id"] != old["id"]
    assert (listings[0]["view_count"], listings[0]["favourite_count"]) == (0, 0)
    assert [sandbox.photo_bytes(pid) for pid in listings[0]["photo_ids"]] == originals
    assert new["url"] != old["url"]
    # 3 + 1 uploads/creates, 3 + 1 again, 1 delete: N + 2 for the repost itself.
    assert sandbox.mutating_count(seller["id"]) == 9
