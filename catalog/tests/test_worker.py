"""Catalog work crossing a real Celery worker process: a large CSV import (progress, then the
report, the kept file deleted) and a large photo (normalised, thumbnails made, the original deleted)."""

import time

import pytest
from django.conf import settings as django_settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django_tenants.utils import tenant_context

from catalog.models import ImportRun, PhotoUpload, Product
from catalog.tests.factories import ProductFactory, image_bytes
from stoflow.celery import app as celery_app
from tests.factories import make_shop
from tests.services import CeleryWorker, use_broker

pytestmark = [pytest.mark.committed, pytest.mark.django_db(transaction=True)]


def _database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


def _wait_until_finished(shop, timeout=60) -> ImportRun:
    deadline = time.time() + timeout
    while time.time() < deadline:
        with tenant_context(shop.tenant):
            run = ImportRun.objects.get()
        if run.is_finished:
            return run
        time.sleep(0.05)
    raise AssertionError(f"import still {run.status} after {timeout}s")


def test_large_import_through_a_real_worker_reports_progress_then_rows_and_deletes_the_file(
    committed_platform, settings, client
):
    settings.CATALOG_CSV_WORKER_ROWS = 500
    shop = make_shop("c")
    shop.tenant.max_products_override = 5000
    shop.tenant.save(update_fields=["max_products_override"])
    use_broker(celery_app, settings.CELERY_BROKER_URL)
    rows = "".join(f"SKU-{n},Dress {n},{10 + n % 7}\n" for n in range(1999))
    text = "sku,title,price\n" + rows + "SKU-BAD,Broken,abc\n"
    worker = CeleryWorker({"DATABASE_URL": _database_url(), "MEDIA_ROOT": str(django_settings.MEDIA_ROOT)}).start()
    try:
        worker.wait_ready(celery_app)
        client.force_login(shop.owner)
        response = client.post(
            reverse("catalog:import"), {"file": SimpleUploadedFile("big.csv", text.encode(), content_type="text/csv")}
        )
        assert response.status_code == 302
        run = _wait_until_finished(shop)
    finally:
        worker.stop()
    assert run.status == ImportRun.Status.DONE, run.error
    assert (run.created, run.updated) == (1999, 0)
    assert len(run.rejected) == 1 and run.rejected[0][0] == 2001
    assert run.rows_done == run.rows_total == 2000
    assert run.file_name == "" and not default_storage.listdir(f"{shop.tenant.schema_name}/imports")[1]
    with tenant_context(shop.tenant):
        assert Product.objects.count() == 1999
    page = client.get(response["Location"]).content.decode()
    assert "1999 created, 0 updated, 1 rejected." in page or "1,999 created" in page


def test_large_photo_through_a_real_worker_becomes_a_normalised_photo_with_thumbnails(
    committed_platform, settings, client
):
    settings.CATALOG_PHOTO_WORKER_PIXELS = 1_000_000
    shop = make_shop("p")
    use_broker(celery_app, settings.CELERY_BROKER_URL)
    with tenant_context(shop.tenant):
        product = ProductFactory()
    worker = CeleryWorker({"DATABASE_URL": _database_url(), "MEDIA_ROOT": str(django_settings.MEDIA_ROOT)}).start()
    try:
        worker.wait_ready(celery_app)
        client.force_login(shop.owner)
        response = client.post(
            reverse("catalog:photo_upload", kwargs={"public_id": product.public_id}),
            {"photos": [SimpleUploadedFile("big.png", image_bytes(4000, 2500, fmt="PNG"), content_type="image/png")]},
        )
        assert response.status_code == 302
        with tenant_context(shop.tenant):
            original = PhotoUpload.objects.get().original
        deadline = time.time() + 60
        while time.time() < deadline:
            with tenant_context(shop.tenant):
                if not PhotoUpload.objects.exists() and not default_storage.exists(original):
                    break
            time.sleep(0.1)
    finally:
        worker.stop()
    with tenant_context(shop.tenant):
        assert not PhotoUpload.objects.exists()
        photo = product.photos.get()
        product.refresh_from_db()
    assert (photo.width, photo.height) == (1600, 1000) and product.photo_count == 1
    for name in (photo.image, photo.thumbnail, photo.small):
        assert default_storage.exists(name)
    assert not default_storage.exists(original)
    poll = client.get(
        reverse("catalog:photo_uploads", kwargs={"public_id": product.public_id}), headers={"HX-Request": "true"}
    )
    assert poll.status_code == 204
