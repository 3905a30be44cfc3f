"""A large photo uploaded on the product page is stored as sent and normalised by the worker; the
page shows it as processing until then, and a refusal with its reason, losing nothing."""

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from catalog import photos
from catalog.models import PhotoUpload
from catalog.tests.factories import ProductFactory, image_bytes
from tests.clients import staying_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_worker_threshold(settings):
    settings.CATALOG_PHOTO_WORKER_PIXELS = 1_000_000


def _post(client, product, data, name="big.png"):
    return client.post(
        reverse("catalog:photo_upload", kwargs={"public_id": product.public_id}),
        {"photos": [SimpleUploadedFile(name, data, content_type="image/png")]},
    )


def test_upload_above_the_pixel_threshold_keeps_the_original_and_shows_processing(
    client_a, in_shop_a, small_worker_threshold, django_capture_on_commit_callbacks
):
    product = ProductFactory()
    client = staying_in(client_a, in_shop_a.tenant)
    data = image_bytes(1600, 1000, fmt="PNG")
    with django_capture_on_commit_callbacks() as queued:
        response = _post(client, product, data)
    assert response.status_code == 302 and len(queued) == 1
    waiting = PhotoUpload.objects.get()
    assert waiting.status == PhotoUpload.Status.PROCESSING and waiting.name == "big.png"
    assert waiting.original.startswith(f"{in_shop_a.tenant.schema_name}/products/{product.public_id}/")
    with default_storage.open(waiting.original) as handle:
        assert handle.read() == data
    assert not product.photos.exists()
    page = client.get(response["Location"]).content.decode()
    assert "big.png: processing…" in page and 'hx-trigger="every 2s"' in page
    assert "No photos yet." not in page


def test_upload_under_the_thresholds_is_processed_in_the_request(client_a, in_shop_a, small_worker_threshold):
    product = ProductFactory()
    _post(staying_in(client_a, in_shop_a.tenant), product, image_bytes(800, 600, fmt="PNG"))
    assert product.photos.count() == 1 and not PhotoUpload.objects.exists()


def test_upload_above_the_byte_threshold_goes_to_the_worker(client_a, in_shop_a, settings):
    settings.CATALOG_PHOTO_WORKER_BYTES = 1000
    product = ProductFactory()
    _post(staying_in(client_a, in_shop_a.tenant), product, image_bytes(800, 600, fmt="PNG"))
    assert PhotoUpload.objects.count() == 1 and not product.photos.exists()


def test_processed_upload_becomes_a_photo_deletes_the_original_and_the_poll_reloads_the_page(
    client_a, in_shop_a, small_worker_threshold
):
    product = ProductFactory()
    client = staying_in(client_a, in_shop_a.tenant)
    _post(client, product, image_bytes(3200, 2000, fmt="PNG"))
    waiting = PhotoUpload.objects.get()
    photos.process_upload(in_shop_a.tenant, waiting.public_id)
    photo = product.photos.get()
    assert (photo.width, photo.height) == (1600, 1000)
    assert default_storage.exists(photo.thumbnail) and default_storage.exists(photo.small)
    assert not PhotoUpload.objects.exists() and not default_storage.exists(waiting.original)
    product.refresh_from_db()
    assert product.photo_count == 1
    poll = client.get(
        reverse("catalog:photo_uploads", kwargs={"public_id": product.public_id}), headers={"HX-Request": "true"}
    )
    assert poll.status_code == 204 and poll["HX-Refresh"] == "true"


def test_upload_the_worker_cannot_decode_shows_the_reason_keeps_the_original_and_can_be_retried(
    client_a, in_shop_a, small_worker_threshold, django_capture_on_commit_callbacks
):
    product = ProductFactory()
    client = staying_in(client_a, in_shop_a.tenant)
    data = image_bytes(1600, 1000, fmt="PNG")
    broken = data[: len(data) // 3]  # a valid header, cut pixels: only decoding finds out
    response = _post(client, product, broken, name="cut.png")
    waiting = PhotoUpload.objects.get()
    photos.process_upload(in_shop_a.tenant, waiting.public_id)
    waiting.refresh_from_db()
    assert waiting.status == PhotoUpload.Status.FAILED and "not an image we can read" in waiting.error
    assert default_storage.exists(waiting.original)
    page = client.get(response["Location"]).content.decode()
    assert "cut.png could not be added" in page and "The original file is kept." in page
    assert 'hx-trigger="every 2s"' not in page
    with django_capture_on_commit_callbacks() as queued:
        client.post(reverse("catalog:photo_upload_retry", kwargs={"upload_id": waiting.public_id}))
    waiting.refresh_from_db()
    assert waiting.status == PhotoUpload.Status.PROCESSING and len(queued) == 1
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("catalog:photo_upload_delete", kwargs={"upload_id": waiting.public_id}))
    assert not PhotoUpload.objects.exists() and not default_storage.exists(waiting.original)


def test_waiting_uploads_count_toward_the_photo_limit(client_a, in_shop_a, small_worker_threshold):
    from catalog.models import MAX_PHOTOS

    product = ProductFactory(photos=MAX_PHOTOS - 1)
    client = staying_in(client_a, in_shop_a.tenant)
    _post(client, product, image_bytes(1600, 1000, fmt="PNG"))
    response = _post(client, product, image_bytes(800, 600, fmt="PNG"), name="one-too-many.png")
    assert product.photos.count() == MAX_PHOTOS - 1 and PhotoUpload.objects.count() == 1
    assert response.status_code == 302
