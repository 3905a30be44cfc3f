"""Work held in an S3-compatible bucket (moto's server over HTTP) for a real Celery worker whose
MEDIA_ROOT is an empty folder: a large photo's original and a large CSV import are read from the
bucket, processed, and deleted from it (docs/storage.md)."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django_tenants.utils import tenant_context

from catalog.models import ImportRun, PhotoUpload, Product
from catalog.tests.factories import ProductFactory, image_bytes
from stoflow.celery import app as celery_app
from tests.factories import make_shop
from tests.services import CeleryWorker, use_broker
from tests.storage import public_grants

pytestmark = [pytest.mark.committed, pytest.mark.django_db(transaction=True)]


def _database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


def _worker(s3_media, tmp_path) -> CeleryWorker:
    # An empty MEDIA_ROOT: whatever the worker reads can only come from the bucket.
    worker = CeleryWorker({"DATABASE_URL": _database_url(), "MEDIA_ROOT": str(tmp_path), **s3_media.env}).start()
    worker.wait_ready(celery_app)
    return worker


def _wait(predicate, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"still waiting after {timeout}s")


def test_large_photo_on_s3_is_read_from_the_bucket_by_the_worker_which_writes_variants_and_deletes_the_original(
    committed_platform, settings, s3_media, client, tmp_path
):
    settings.CATALOG_PHOTO_WORKER_PIXELS = 1_000_000
    shop = make_shop("p")
    use_broker(celery_app, settings.CELERY_BROKER_URL)
    with tenant_context(shop.tenant):
        product = ProductFactory()
    client.force_login(shop.owner)
    sent = image_bytes(4000, 2500, fmt="PNG")
    response = client.post(
        reverse("catalog:photo_upload", kwargs={"public_id": product.public_id}),
        {"photos": [SimpleUploadedFile("big.png", sent, content_type="image/png")]},
    )
    assert response.status_code == 302
    with tenant_context(shop.tenant):
        original = PhotoUpload.objects.get().original
    # Held in the bucket as sent, under the shop's prefix, private, until a worker takes it.
    assert s3_media.keys() == [original]
    assert original.startswith(f"{shop.tenant.schema_name}/products/{product.public_id}/")
    assert s3_media.read(original) == sent and not public_grants(s3_media, original)

    worker = _worker(s3_media, tmp_path)
    try:
        _wait(lambda: original not in s3_media.keys())
    finally:
        worker.stop()
    with tenant_context(shop.tenant):
        assert not PhotoUpload.objects.exists()
        photo = product.photos.get()
        product.refresh_from_db()
    assert (photo.width, photo.height) == (1600, 1000) and product.photo_count == 1
    assert s3_media.keys() == sorted([photo.image, photo.thumbnail, photo.small])
    assert all(not public_grants(s3_media, key) for key in s3_media.keys())
    assert not any(tmp_path.iterdir())  # nothing written to the worker's local disk
    thumbnail = client.get(reverse("catalog:photo", kwargs={"photo_id": photo.public_id, "variant": "thumb"}))
    assert b"".join(thumbnail.streaming_content) == s3_media.read(photo.thumbnail)


def test_large_csv_import_on_s3_is_kept_in_the_bucket_imported_by_the_worker_then_deleted(
    committed_platform, settings, s3_media, client, tmp_path
):
    settings.CATALOG_CSV_WORKER_ROWS = 50
    shop = make_shop("c")
    shop.tenant.max_products_override = 500
    shop.tenant.save(update_fields=["max_products_override"])
    use_broker(celery_app, settings.CELERY_BROKER_URL)
    text = "sku,title,price\n" + "".join(f"SKU-{n},Dress {n},{10 + n % 7}\n" for n in range(120))
    client.force_login(shop.owner)
    response = client.post(
        reverse("catalog:import"), {"file": SimpleUploadedFile("big.csv", text.encode(), content_type="text/csv")}
    )
    assert response.status_code == 302
    with tenant_context(shop.tenant):
        kept = ImportRun.objects.get().file_name
    assert s3_media.keys() == [kept] and kept.startswith(f"{shop.tenant.schema_name}/imports/")
    assert s3_media.read(kept) == text.encode() and not public_grants(s3_media, kept)

    worker = _worker(s3_media, tmp_path)
    try:

        def finished():
            with tenant_context(shop.tenant):
                return ImportRun.objects.get().is_finished

        _wait(finished)
    finally:
        worker.stop()
    with tenant_context(shop.tenant):
        run = ImportRun.objects.get()
        assert Product.objects.count() == 120
    assert run.status == ImportRun.Status.DONE, run.error
    assert (run.created, run.file_name) == (120, "")
    assert s3_media.keys() == []
