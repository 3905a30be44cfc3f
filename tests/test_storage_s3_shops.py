"""Every kind of file a shop writes, on an S3-compatible server over HTTP (moto): photos (sent, held
for the worker, normalised, copied), an AI draft's photos, a CSV import held for the worker and the
shop's export archive. None is ever public (read back from the server's stored ACLs), the archive is
built from and downloaded out of the bucket, and erasing a shop leaves no object of it behind
(docs/storage.md)."""

import io
import zipfile

import pytest
import requests
from botocore.exceptions import ClientError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django_tenants.utils import tenant_context

from ai import photo_drafts
from catalog import imports, photos, services
from catalog.models import PhotoUpload
from catalog.tests.factories import ProductFactory, image_bytes
from tenants import services as shop_services
from tenants import shopdata
from tenants.models import ShopExport
from tests.storage import public_grants

pytestmark = pytest.mark.django_db


def _upload(client, product, *images):
    files = [SimpleUploadedFile(f"p{n}.png", data, content_type="image/png") for n, data in enumerate(images)]
    response = client.post(reverse("catalog:photo_upload", kwargs={"public_id": product.public_id}), {"photos": files})
    assert response.status_code == 302


def _export(shop) -> ShopExport:
    export = ShopExport.objects.create(tenant=shop.tenant, requested_by=shop.owner)
    shop_services.build_export(export)
    export.refresh_from_db()
    assert export.status == ShopExport.Status.READY
    return export


def _fill(shop, client, settings) -> None:
    """What a busy shop leaves in storage: photos sent and copied, a large photo waiting for the worker,
    an AI draft, a CSV import waiting for the worker, an export archive."""
    settings.CATALOG_PHOTO_WORKER_PIXELS = 1_000_000
    client.force_login(shop.owner)
    with tenant_context(shop.tenant):
        product = ProductFactory()
    _upload(client, product, image_bytes(800, 600, fmt="PNG"), image_bytes(1600, 1000, fmt="PNG"))
    with tenant_context(shop.tenant):
        services.duplicate_product(shop.tenant, product)
        photo_drafts.create_draft([image_bytes(900, 700)], tenant=shop.tenant, language="en")
        imports.start(shop.tenant, SimpleUploadedFile("big.csv", b"sku,title,price\nA,Dress,10\n"), rows=1)
    _export(shop)


def test_every_object_a_shop_writes_on_s3_is_private_and_the_bucket_too(
    s3_media, settings, client, shop_a, django_capture_on_commit_callbacks
):
    settings.CATALOG_PHOTO_WORKER_PIXELS = 1_000_000
    client.force_login(shop_a.owner)
    with tenant_context(shop_a.tenant):
        product = ProductFactory()
    _upload(client, product, image_bytes(800, 600, fmt="PNG"), image_bytes(1600, 1000, fmt="PNG"))
    written = set(s3_media.keys())
    with tenant_context(shop_a.tenant):
        held = PhotoUpload.objects.get()
        assert held.original in written  # the large one, as sent, until the worker has it
        photos.process_upload(shop_a.tenant, held.public_id)
        services.duplicate_product(shop_a.tenant, product)
        photo_drafts.create_draft([image_bytes(900, 700)], tenant=shop_a.tenant, language="en")
        imports.start(shop_a.tenant, SimpleUploadedFile("big.csv", b"sku,title,price\nA,Dress,10\n"), rows=1)
    _export(shop_a)
    written |= set(s3_media.keys())
    kinds = {"_original", "_thumb.jpg", "_small.jpg", "/ai-drafts/", "/imports/", "exports/"}
    assert all(any(kind in key for key in written) for kind in kinds), sorted(written)

    for key in sorted(written & set(s3_media.keys())):
        assert not public_grants(s3_media, key), key
        unsigned = requests.get(f"{s3_media.endpoint}/{s3_media.bucket}/{key}", timeout=10)
        assert unsigned.status_code == 403, key
    assert not public_grants(s3_media)
    with pytest.raises(ClientError) as no_policy:
        s3_media.client.get_bucket_policy(Bucket=s3_media.bucket)
    assert no_policy.value.response["Error"]["Code"] == "NoSuchBucketPolicy"


def test_export_on_s3_archives_the_bucket_photos_and_downloads_the_archive_from_the_bucket(s3_media, client_a, shop_a):
    with tenant_context(shop_a.tenant):
        product = ProductFactory(photos=2)
        images = [photo.image for photo in product.photos.all()]
        names = [name for photo in product.photos.all() for name in (photo.image, photo.thumbnail, photo.small)]
    export = _export(shop_a)
    assert export.file == f"exports/{shop_a.tenant.schema_name}/{export.public_id}.zip"
    assert export.file in s3_media.keys() and export.bytes == len(s3_media.read(export.file))

    download = client_a.get(reverse("tenants:shop_export_download", kwargs={"public_id": export.public_id}))
    assert download.status_code == 200
    body = b"".join(download.streaming_content)
    assert body == s3_media.read(export.file)
    archive = zipfile.ZipFile(io.BytesIO(body))
    prefix = f"{shop_a.tenant.schema_name}/"
    for name in names:
        assert archive.read(f"files/{name.removeprefix(prefix)}") == s3_media.read(name)

    copy = shopdata.restore_shop(io.BytesIO(body), as_new_shop=True)
    with tenant_context(copy):
        from catalog.models import ProductPhoto

        restored = list(ProductPhoto.objects.values_list("image", flat=True))
    assert len(restored) == 2 and all(name.startswith(f"{copy.schema_name}/") for name in restored)
    assert sorted(s3_media.read(name) for name in restored) == sorted(s3_media.read(name) for name in images)


def _close_on_page(client, shop):
    client.force_login(shop.owner)
    response = client.post(reverse("tenants:shop_data"), {"action": "close", "shop_name": shop.tenant.name})
    assert response.status_code == 302


def _delete_tenant_command(client, shop):
    call_command("delete_tenant", shop.tenant.schema_name, "--yes", stdout=io.StringIO())


@pytest.mark.parametrize("erase", [_close_on_page, _delete_tenant_command], ids=["close my shop", "delete_tenant"])
def test_erasing_a_shop_on_s3_removes_every_object_of_it_and_leaves_the_other_shop(
    s3_media, settings, client, shop_a, shop_b, erase, django_capture_on_commit_callbacks
):
    _fill(shop_a, client, settings)
    with tenant_context(shop_b.tenant):
        ProductFactory(photos=1)
    others = [key for key in s3_media.keys() if shop_b.tenant.schema_name in key]
    schema = shop_a.tenant.schema_name
    assert len([key for key in s3_media.keys() if schema in key]) >= 10

    with django_capture_on_commit_callbacks(execute=True):
        erase(client, shop_a)

    assert s3_media.keys() == sorted(others)


def test_erasing_a_shop_on_s3_removes_an_archive_a_killed_worker_wrote_but_never_recorded(
    s3_media, shop_a, django_capture_on_commit_callbacks
):
    from tenants import provisioning

    # The worker saved the archive, then died before marking the export ready: the row has no file.
    export = ShopExport.objects.create(tenant=shop_a.tenant, requested_by=shop_a.owner)
    ShopExport.objects.filter(pk=export.pk).update(status=ShopExport.Status.BUILDING)
    name = f"exports/{shop_a.tenant.schema_name}/{export.public_id}.zip"
    s3_media.client.put_object(Bucket=s3_media.bucket, Key=name, Body=b"PK the whole shop")

    with django_capture_on_commit_callbacks(execute=True):
        provisioning.delete_shop(shop_a.tenant)

    assert s3_media.keys() == []
