"""POST /api/v2/photos (docs/vinted-api.md §3) and the stored bytes."""

import requests

from .helpers import fields_of, image_bytes, item_fields

SESSION = "0b6c1f0e-5a53-4c2e-9d3e-6f0f2b7a1c44"


def test_upload_returns_top_level_photo_object(alice):
    response = alice.upload(temp_uuid=SESSION)
    assert response.status_code == 200
    body = response.json()
    assert body["code"] == 0 and isinstance(body["id"], int)
    assert body["temp_uuid"] == SESSION
    assert body["url"] and body["full_size_url"] and body["thumbnails"]
    assert {"width", "height", "high_resolution"} <= set(body)


def test_upload_without_temp_uuid_gets_one_assigned(alice):
    assert len(alice.upload().json()["temp_uuid"]) == 36


def test_upload_png_and_webp_are_taken(alice):
    assert alice.upload(image_bytes(fmt="PNG"), filename="p.png", content_type="image/png").status_code == 200
    assert alice.upload(image_bytes(fmt="WEBP"), filename="p.webp", content_type="image/webp").status_code == 200


def test_upload_non_image_is_400_code_50(alice):
    response = alice.upload(b"%PDF-1.4 not a photo", filename="doc.jpg")
    assert response.status_code == 400 and response.json()["code"] == 50


def test_upload_oversized_dimensions_is_400_code_51(alice):
    response = alice.upload(image_bytes(9000, 10, fmt="PNG"), filename="wide.png", content_type="image/png")
    assert response.status_code == 400 and response.json()["code"] == 51


def test_upload_message_is_localized(alice):
    response = alice.upload(b"nope", headers={"Accept-Language": "fr-FR,fr;q=0.9"})
    assert response.json()["message"] == "La photo n'a pas pu être téléchargée"


def test_full_size_url_serves_the_uploaded_bytes(alice):
    original = image_bytes(120, 160)
    body = alice.upload(original).json()
    assert requests.get(body["full_size_url"]).content == original
    thumb = requests.get(body["thumbnails"][0]["url"])
    assert thumb.status_code == 200 and thumb.headers["Content-Type"] == "image/jpeg"


def test_create_with_another_sellers_photo_is_photos_error(alice, bruno):
    foreign = bruno.photo_id()
    response = alice.create(item_fields(foreign))
    assert response.status_code == 400 and fields_of(response) == {"photos"}


def test_list_upload_session_shows_own_photos_only(alice, bruno):
    alice.upload(temp_uuid=SESSION)
    bruno.upload(temp_uuid=SESSION)
    photos = alice.call("GET", f"/api/v2/photos?temp_uuid={SESSION}").json()["photos"]
    assert len(photos) == 1
