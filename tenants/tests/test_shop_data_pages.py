"""The owner's "Your data" page: download my data (built by the task, with progress) and close my shop."""

import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django_tenants.utils import schema_exists

from tenants import tasks
from tenants.models import Membership, ShopErasure, ShopExport, Tenant
from tenants.shopdata import storage_files
from tests.factories import add_member

pytestmark = pytest.mark.django_db


def test_download_my_data_queues_an_archive_then_offers_it_for_download(
    client_a, shop_a, django_capture_on_commit_callbacks
):
    queued = []
    tasks.build_shop_export.delay = lambda *args: queued.append(args)  # the worker is run by hand below
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = client_a.post(reverse("tenants:shop_data"), {"action": "export"})
    finally:
        del tasks.build_shop_export.delay
    assert response.status_code == 302
    export = ShopExport.objects.get(tenant=shop_a.tenant)
    assert queued == [(shop_a.tenant.schema_name, export.pk)]
    waiting = client_a.get(reverse("tenants:shop_exports")).content.decode()
    assert "<progress" in waiting and 'hx-trigger="every 2s"' in waiting

    tasks.build_shop_export(*queued[0])

    ready = client_a.get(reverse("tenants:shop_exports")).content.decode()
    link = reverse("tenants:shop_export_download", kwargs={"public_id": export.public_id})
    assert link in ready and "hx-trigger" not in ready
    download = client_a.get(link)
    assert download.status_code == 200 and download["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert "manifest.json" in archive.namelist() and "tables/catalog_product.json" in archive.namelist()


@pytest.mark.parametrize("role", [Membership.Role.ADMIN, Membership.Role.MEMBER])
def test_shop_data_page_for_a_non_owner_is_refused(client, shop_a, role):
    client.force_login(add_member(shop_a, role))
    assert client.get(reverse("tenants:shop_data")).status_code == 403
    assert (
        client.post(reverse("tenants:shop_data"), {"action": "close", "shop_name": shop_a.tenant.name}).status_code
        == 403
    )
    assert Tenant.objects.filter(pk=shop_a.tenant.pk).exists()


def test_close_my_shop_with_a_wrong_name_shows_a_field_error_and_keeps_the_shop(client_a, shop_a):
    response = client_a.post(reverse("tenants:shop_data"), {"action": "close", "shop_name": "Shop Z"})
    assert response.status_code == 400
    assert "This is not the shop&#x27;s name" in response.content.decode()
    assert schema_exists(shop_a.tenant.schema_name)


def test_close_my_shop_with_its_name_erases_it_and_keeps_the_account(
    client_a, shop_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_a.post(reverse("tenants:shop_data"), {"action": "close", "shop_name": shop_a.tenant.name})
    assert response.status_code == 302
    assert not schema_exists(shop_a.tenant.schema_name) and not Tenant.objects.filter(pk=shop_a.tenant.pk).exists()
    assert ShopErasure.objects.filter(schema_name=shop_a.tenant.schema_name).exists()
    shop_a.owner.refresh_from_db()
    assert client_a.get(reverse("dashboard")).status_code == 302  # no shop left: sent to "no shop"


def test_close_my_shop_with_its_name_tells_the_owner_what_was_erased_and_kept(
    client_a, shop_a, django_capture_on_commit_callbacks
):
    schema = shop_a.tenant.schema_name
    # Exactly two files under the shop's prefix, whatever earlier tests left in the shared media folder.
    for name in storage_files(f"{schema}/") + storage_files(f"exports/{schema}/"):
        default_storage.delete(name)
    for name in ("photos/a.jpg", "photos/b.jpg"):
        default_storage.save(f"{schema}/{name}", ContentFile(b"x"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client_a.post(
            reverse("tenants:shop_data"), {"action": "close", "shop_name": shop_a.tenant.name}, follow=True
        )
    said = [str(message) for message in response.context["messages"]]
    assert said == [
        f"The shop “{shop_a.tenant.name}” is closed and its data erased.",
        "Erased: every product, photo, publication and setting of the shop, its 2 stored files and its members' seats.",
        "Kept: the members' Stoflow accounts (yours too: you can still sign in).",
    ]


@pytest.mark.parametrize(
    ("language", "closed", "not_yet"),
    [
        ("en", ["Your shop is closed", "contact support to open a new shop"], "You have no shop yet"),
        ("fr", ["Votre boutique est fermée", "ouvrir une nouvelle boutique"], "Vous n’avez pas encore de boutique"),
    ],
)
def test_close_my_last_shop_lands_on_a_no_shop_page_that_says_it_is_closed(
    client_a, shop_a, django_capture_on_commit_callbacks, language, closed, not_yet
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_a.post(
            reverse("tenants:shop_data"),
            {"action": "close", "shop_name": shop_a.tenant.name},
            follow=True,
            HTTP_ACCEPT_LANGUAGE=language,
        )
    assert response.redirect_chain[-1][0] == reverse("tenants:no_shop")
    body = response.content.decode()
    assert all(words in body for words in closed) and not_yet not in body
    later = client_a.get(reverse("tenants:no_shop"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert not_yet in later and closed[0] not in later  # only right after closing


@pytest.mark.committed
@pytest.mark.django_db(transaction=True)
def test_download_my_data_is_built_by_a_real_worker(committed_platform, settings, client):
    import time

    from django.db import connection

    from stoflow.celery import app as celery_app
    from tests.factories import make_shop
    from tests.services import CeleryWorker, use_broker

    shop = make_shop("export")
    client.force_login(shop.owner)
    s = connection.settings_dict
    use_broker(celery_app, settings.CELERY_BROKER_URL)
    worker = CeleryWorker({"DATABASE_URL": f"postgres://{s['USER']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"}).start()
    try:
        worker.wait_ready(celery_app)
        client.post(reverse("tenants:shop_data"), {"action": "export"})
        export = ShopExport.objects.get(tenant=shop.tenant)
        deadline = time.time() + 60
        while export.status not in (ShopExport.Status.READY, ShopExport.Status.FAILED) and time.time() < deadline:
            time.sleep(0.2)
            export.refresh_from_db()
    finally:
        worker.stop()
    assert export.status == ShopExport.Status.READY and export.bytes > 0
    download = client.get(reverse("tenants:shop_export_download", kwargs={"public_id": export.public_id}))
    names = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))).namelist()
    assert "public/members.json" in names
