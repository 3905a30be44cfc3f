"""Create, read, edit, delete, hide (docs/vinted-api.md §4, §6.1–6.3)."""

import pytest
import requests

from .helpers import Client, fields_of, item_fields, listing_body


def test_create_valid_listing_returns_id_url_and_datadome_header(sandbox, alice, seller):
    photo = alice.photo_id()
    response = alice.create(item_fields(photo))
    assert response.status_code == 200
    assert response.headers["x-datadome"] == "protected"
    body = response.json()
    assert body["code"] == 0 and body["item"]["is_draft"] is False
    item_id = body["item"]["id"]
    assert body["item"]["url"] == f"{sandbox.url}/fr/items/{item_id}-striped-cotton-t-shirt"
    assert [i["id"] for i in sandbox.listings(seller["id"])] == [item_id]
    page = requests.get(body["item"]["url"])
    assert page.status_code == 200 and "Striped cotton T-shirt" in page.text


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"title": ""}, "title"),
        ({"title": "x" * 101}, "title"),
        ({"title": "STRIPED COTTON T-SHIRT"}, "title"),
        ({"description": ""}, "description"),
        ({"description": "x" * 2001}, "description"),
        ({"catalog_id": 12}, "category"),  # not a leaf
        ({"catalog_id": 999999}, "category"),
        ({"price": 0}, "price"),
        ({"price": -3}, "price"),
        ({"price": "8.5"}, "price"),
        ({"currency": "GBP"}, "currency"),
        ({"status_id": None, "item_attributes": []}, "condition"),
        (
            {"status_id": 7, "item_attributes": [{"code": "condition", "ids": [7]}, {"code": "size", "ids": [4]}]},
            "condition",
        ),  # electronics only
        ({"size_id": None, "item_attributes": [{"code": "condition", "ids": [2]}]}, "size"),
        (
            {"size_id": 784, "item_attributes": [{"code": "condition", "ids": [2]}, {"code": "size", "ids": [784]}]},
            "size",
        ),  # a men's shoe size on a women's T-shirt
        ({"package_size_id": None}, "package_size"),
        ({"package_size_id": 4}, "package_size"),
        ({"brand_id": None, "brand": None}, "brand"),
        ({"brand_id": 424242}, "brand"),
        ({"color_ids": []}, "color"),
        ({"color_ids": [1, 3, 12]}, "color"),
        ({"color_ids": [99]}, "color"),
        ({"assigned_photos": []}, "photos"),
        ({"assigned_photos": [{"id": 1, "orientation": 0}] * 21}, "photos"),
        ({"price": 20000}, "price"),
        (
            {
                "item_attributes": [
                    {"code": "size", "ids": [4]},
                    {"code": "condition", "ids": [2]},
                    {"code": "material", "ids": [44, 45, 46, 48]},
                ]
            },
            "material",
        ),
    ],
)
def test_create_invalid_field_is_400_code_99_naming_field(alice, overrides, field):
    response = alice.create(item_fields(alice.photo_id(), **overrides))
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["code"] == 99 and body["message_code"] == "validation_error"
    assert field in fields_of(response)
    assert all(isinstance(e["value"], str) and e["value"] for e in body["errors"])


def test_create_reports_every_problem_at_once(alice):
    response = alice.create(item_fields(title="", price=0, package_size_id=None))
    assert fields_of(response) == {"title", "price", "package_size", "photos"}


def test_create_errors_are_localized_in_french(alice):
    body = listing_body(item_fields(alice.photo_id(), package_size_id=None))
    response = alice.call(
        "POST", "/api/v2/item_upload/items", json=body, headers={"Accept-Language": "fr-FR", "Locale": "fr-FR"}
    )
    assert response.json()["errors"] == [{"field": "package_size", "value": "Sélectionne une taille de colis"}]


def test_create_strict_mode_rejects_size_and_condition_only_in_attributes(alice):
    response = alice.create(item_fields(alice.photo_id(), size_id=None, status_id=None))
    assert fields_of(response) == {"size", "condition"}


def test_create_lenient_mode_accepts_attributes_only(sandbox, alice):
    sandbox.configure(strict=False)
    response = alice.create(item_fields(alice.photo_id(), size_id=None, status_id=None))
    assert response.status_code == 200, response.text


def test_create_sizeless_category_needs_no_size(alice):
    response = alice.create(
        item_fields(alice.photo_id(), catalog_id=158, size_id=None, item_attributes=[{"code": "condition", "ids": [2]}])
    )
    assert response.status_code == 200, response.text


def test_create_push_up_true_is_rejected(sandbox, alice, seller):
    response = alice.create(item_fields(alice.photo_id()), push_up=True)
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "push_up"
    assert sandbox.listings(seller["id"]) == []


def test_create_currency_follows_the_site(sandbox):
    sandbox.create_seller("jane", site="co.uk")
    client = Client(sandbox.url, "co.uk")
    client.login("jane")
    assert client.create(item_fields(client.photo_id())).status_code == 400  # EUR on the UK site
    item = client.publish(currency="GBP")
    assert item["price"] == {"amount": "8.5", "currency_code": "GBP"}


def test_read_own_item_editor_shape(alice):
    item = alice.publish()
    body = alice.call("GET", f"/api/v2/item_upload/items/{item['id']}").json()
    shaped = body["item"]
    assert body["code"] == 0
    assert shaped["price"] == {"amount": "8.5", "currency_code": "EUR"}
    assert (shaped["color1_id"], shaped["color2_id"]) == (12, 27)
    assert shaped["status_id"] == 2 and shaped["size_id"] == 4 and shaped["brand_dto"]["title"] == "Zara"
    assert shaped["photos"][0]["image_no"] == 1 and shaped["photos"][0]["full_size_url"]


def test_read_someone_elses_item_is_403(alice, bruno):
    item = alice.publish()
    assert bruno.call("GET", f"/api/v2/item_upload/items/{item['id']}").status_code == 403
    assert (
        bruno.call(
            "PUT",
            f"/api/v2/item_upload/items/{item['id']}",
            json=listing_body(item_fields(bruno.photo_id(), id=item["id"])),
        ).status_code
        == 403
    )
    assert bruno.call("POST", f"/api/v2/items/{item['id']}/delete").status_code == 403


def test_read_unknown_item_is_404(alice):
    assert alice.call("GET", "/api/v2/item_upload/items/123").status_code == 404


@pytest.mark.parametrize("status", [404, 403])
def test_read_sold_item_answers_configured_status(sandbox, alice, status):
    sandbox.configure(sold_item_status=status)
    item = alice.publish()
    sandbox.mark_sold(item["id"])
    assert alice.call("GET", f"/api/v2/item_upload/items/{item['id']}").status_code == status


def test_edit_updates_and_keeps_photos(sandbox, alice, seller):
    item = alice.publish()
    photo = item["photos"][0]["id"]
    response = alice.call(
        "PUT",
        f"/api/v2/item_upload/items/{item['id']}",
        json=listing_body(item_fields(photo, id=item["id"], price=12, temp_uuid="")),
    )
    assert response.status_code == 200 and response.headers["x-datadome"] == "protected"
    assert response.json()["item"]["price"]["amount"] == "12.0"
    assert sandbox.listings(seller["id"])[0]["photo_ids"] == [photo]


def test_edit_without_assigned_photos_is_photos_error(alice):
    item = alice.publish()
    fields = item_fields(id=item["id"])
    del fields["assigned_photos"]
    response = alice.call("PUT", f"/api/v2/item_upload/items/{item['id']}", json=listing_body(fields))
    assert response.status_code == 400 and fields_of(response) == {"photos"}


@pytest.mark.parametrize("method, suffix", [("POST", "/delete"), ("DELETE", ""), ("DELETE", "/delete")])
def test_delete_every_variant_removes_the_listing(sandbox, alice, seller, method, suffix):
    item = alice.publish()
    response = alice.call(method, f"/api/v2/items/{item['id']}{suffix}")
    assert response.status_code == 200 and response.json() == {"code": 0}
    assert response.headers["x-datadome"] == "protected"
    assert sandbox.listings(seller["id"]) == []
    assert alice.call("GET", f"/api/v2/item_upload/items/{item['id']}").status_code == 404


def test_hide_and_unhide(sandbox, alice, seller):
    item = alice.publish()
    assert alice.call("PUT", f"/api/v2/items/{item['id']}/is_hidden", json={"is_hidden": True}).json() == {"code": 0}
    assert sandbox.listings(seller["id"])[0]["is_hidden"] is True
    alice.call("PUT", f"/api/v2/items/{item['id']}/is_hidden", json={"is_hidden": False})
    assert sandbox.listings(seller["id"])[0]["is_hidden"] is False
    bad = alice.call("PUT", f"/api/v2/items/{item['id']}/is_hidden", json={"is_hidden": "yes"})
    assert bad.status_code == 400 and fields_of(bad) == {"is_hidden"}


def test_old_public_item_json_is_404_html(alice):
    item = alice.publish()
    response = alice.call("GET", f"/api/v2/items/{item['id']}")
    assert response.status_code == 404 and response.headers["Content-Type"].startswith("text/html")
