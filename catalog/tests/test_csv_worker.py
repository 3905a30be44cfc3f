"""A large CSV import crossing a real Celery worker process: progress is recorded, the report
arrives, the kept file is deleted."""
import time

import pytest
from django.conf import settings as django_settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django_tenants.utils import tenant_context

from catalog.models import ImportRun, Product
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
        committed_platform, settings, client):
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
        response = client.post(reverse("catalog:import"),
                               {"file": SimpleUploadedFile("big.csv", text.encode(), content_type="text/csv")})
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
