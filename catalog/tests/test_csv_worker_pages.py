"""A CSV import above CATALOG_CSV_WORKER_ROWS is kept in storage and handed to the worker; its page
shows progress, then the same per-row report as a synchronous import."""

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from catalog import imports
from catalog.models import ImportRun, Product
from tests.clients import staying_in

pytestmark = pytest.mark.django_db

HEADER = "sku,title,price\n"


def _upload(client, raw: bytes):
    return client.post(
        reverse("catalog:import"), {"file": SimpleUploadedFile("products.csv", raw, content_type="text/csv")}
    )


@pytest.fixture
def worker_rows(settings):
    settings.CATALOG_CSV_WORKER_ROWS = 3


def test_import_above_the_threshold_keeps_the_file_under_the_shop_and_redirects_to_its_progress_page(
    client_a, in_shop_a, worker_rows, django_capture_on_commit_callbacks
):
    rows = "".join(f"SKU-{n},Dress {n},10\n" for n in range(4))
    client = staying_in(client_a, in_shop_a.tenant)
    with django_capture_on_commit_callbacks() as queued:
        response = _upload(client, (HEADER + rows).encode())
    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("catalog:import_run", kwargs={"public_id": run.public_id})
    assert len(queued) == 1
    assert run.status == ImportRun.Status.QUEUED and run.rows_total == 4
    assert run.file_name.startswith(f"{in_shop_a.tenant.schema_name}/imports/")
    assert len(run.file_name.rsplit("/", 1)[1]) >= 30  # unguessable
    assert default_storage.exists(run.file_name)
    assert not Product.objects.exists()
    page = client.get(response["Location"])
    assert "Waiting for the worker" in page.content.decode()
    fragment = client.get(response["Location"], headers={"HX-Request": "true"})
    assert 'hx-trigger="every 1s"' in fragment.content.decode()
    default_storage.delete(run.file_name)


def test_import_at_the_threshold_stays_in_the_request(client_a, in_shop_a, worker_rows):
    rows = "".join(f"SKU-{n},Dress {n},10\n" for n in range(3))
    response = _upload(staying_in(client_a, in_shop_a.tenant), (HEADER + rows).encode())
    assert response.status_code == 200
    assert response.context["report"].created == 3
    assert not ImportRun.objects.exists()


def test_finished_worker_import_page_shows_the_per_row_report_stops_polling_and_the_file_is_gone(
    client_a, in_shop_a, worker_rows
):
    rows = "SKU-1,Dress,10\nSKU-2,Skirt,not-a-price\nSKU-3,Coat,30\nSKU-4,Hat,4\n"
    client = staying_in(client_a, in_shop_a.tenant)
    response = _upload(client, (HEADER + rows).encode())
    run = ImportRun.objects.get()
    imports.run(in_shop_a.tenant, run.public_id)
    run.refresh_from_db()
    assert run.status == ImportRun.Status.DONE and run.file_name == ""
    assert Product.objects.count() == 3
    fragment = client.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in fragment
    assert "3 created, 0 updated, 1 rejected." in fragment
    assert "not-a-price" in fragment and '<td data-label="Line">3</td>' in fragment
    assert not default_storage.listdir(f"{in_shop_a.tenant.schema_name}/imports")[1]


def test_worker_import_of_a_file_that_is_not_text_fails_with_the_reason_and_no_500(client_a, in_shop_a, worker_rows):
    raw = HEADER.encode() + b"".join(b"SKU-%d,Dress \x00,10\n" % n for n in range(5))
    client = staying_in(client_a, in_shop_a.tenant)
    response = _upload(client, raw)
    run = ImportRun.objects.get()
    imports.run(in_shop_a.tenant, run.public_id)
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "The import failed" in page.content.decode() and "is not text" in page.content.decode()
    assert not Product.objects.exists()
    assert not default_storage.exists(ImportRun.objects.get().file_name or "nothing-kept")


def test_unknown_import_run_answers_404(client_a, in_shop_a):
    response = client_a.get(reverse("catalog:import_run", kwargs={"public_id": "00000000-0000-0000-0000-000000000000"}))
    assert response.status_code == 404


def test_worker_import_records_progress_while_rows_are_checked(in_shop_a, monkeypatch):
    from catalog import csv_io

    monkeypatch.setattr(csv_io, "PROGRESS_EVERY", 2)
    text = HEADER + "".join(f"S-{n},T,1\n" for n in range(5))
    name = default_storage.save(
        f"{in_shop_a.tenant.schema_name}/imports/progress.csv", SimpleUploadedFile("p.csv", text.encode())
    )
    run = ImportRun.objects.create(file_name=name, rows_total=5)
    recorded = []
    original = imports._progress
    monkeypatch.setattr(
        imports,
        "_progress",
        lambda pk, rows: (original(pk, rows), recorded.append(ImportRun.objects.get(pk=pk).rows_done)),
    )
    imports.run(in_shop_a.tenant, run.public_id)
    assert recorded == [2, 4]
    run.refresh_from_db()
    assert run.rows_done == 5 and run.status == ImportRun.Status.DONE
