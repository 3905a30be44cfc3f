"""Garbage in gets a 4xx JSON naming the problem: never a crash, a 5xx or a dropped connection."""

import pytest

from .helpers import item_fields

GARBAGE = [
    None,
    5,
    "text",
    [],
    [1, 2],
    {"item": None},
    {"item": "x"},
    {"item": []},
    {
        "item": {
            "title": {"a": 1},
            "price": [1],
            "catalog_id": True,
            "color_ids": [{"x": 1}],
            "item_attributes": "size",
            "assigned_photos": [{"id": {"nested": 1}}, "p"],
            "status_id": [2],
            "size_id": {"m": 1},
            "package_size_id": "1",
            "brand_id": [12],
        }
    },
    {"item": {"item_attributes": [{"code": "material", "ids": [[44]]}, {"code": "size", "ids": "4"}]}},
]


@pytest.mark.parametrize("body", GARBAGE)
def test_create_with_garbage_is_400_json(alice, body):
    response = alice.call("POST", "/api/v2/item_upload/items", json=body)
    assert response.status_code == 400 and response.json()["code"] == 99
    assert response.json()["errors"]


@pytest.mark.parametrize("body", GARBAGE)
def test_edit_drafts_hide_and_attributes_with_garbage_are_4xx_json(alice, body):
    item = alice.publish()
    draft = alice.call("POST", "/api/v2/item_upload/drafts", json={"draft": {"title": "Draft"}}).json()["draft"]
    for method, path in [
        ("PUT", f"/api/v2/item_upload/items/{item['id']}"),
        ("POST", "/api/v2/item_upload/drafts"),
        ("PUT", f"/api/v2/item_upload/drafts/{draft['id']}"),
        ("POST", f"/api/v2/item_upload/drafts/{draft['id']}/completion"),
        ("PUT", f"/api/v2/items/{item['id']}/is_hidden"),
        ("POST", "/api/v2/item_upload/attributes"),
    ]:
        response = alice.call(method, path, json=body)
        assert 400 <= response.status_code < 500, (method, path, response.text)
        assert response.json()["code"] != 0


def test_invalid_json_text_is_400(alice):
    response = alice.call(
        "POST", "/api/v2/item_upload/items", data=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400 and response.json()["code"] == 99


def test_photo_upload_without_file_names_the_field(alice):
    response = alice.call("POST", "/api/v2/photos", data={"photo[type]": "item"})
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "photo[file]"


def test_non_numeric_ids_in_paths_are_404(alice):
    assert alice.call("GET", "/api/v2/item_upload/items/abc").status_code == 404
    assert alice.call("POST", "/api/v2/items/abc/delete").status_code == 404
    assert alice.call("GET", "/api/v2/catalogs/abc/package_sizes").status_code == 404
    assert alice.call("GET", "/api/v2/wardrobe/abc/items").status_code == 404


def test_valid_body_still_passes_after_garbage(alice):
    alice.call("POST", "/api/v2/item_upload/items", json=GARBAGE[-2])
    assert alice.create(item_fields(alice.photo_id())).status_code == 200
