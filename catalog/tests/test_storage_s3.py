"""Photos on S3-compatible object storage (moto's server over HTTP): the same photo path as on the
local disk, a private bucket, and one shop's objects out of another's reach (docs/storage.md)."""

import os
import subprocess
import sys

import pytest
import requests
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_tenants.utils import tenant_context

from catalog import photos
from catalog.tests.factories import ProductFactory, image_bytes
from tests.storage import public_grants


@pytest.fixture
def product_a(shop_a):
    with tenant_context(shop_a.tenant):
        return ProductFactory()


def _upload(client, product, count=1):
    files = [
        SimpleUploadedFile(f"p{i}.jpg", image_bytes(1200, 900, colour=(30 * i, 90, 150)), content_type="image/jpeg")
        for i in range(count)
    ]
    return client.post(reverse("catalog:photo_upload", kwargs={"public_id": product.public_id}), {"photos": files})


def _photo_url(photo, variant="full"):
    return reverse("catalog:photo", kwargs={"photo_id": photo.public_id, "variant": variant})


def test_upload_on_s3_stores_normalised_photo_and_thumbnails_under_the_shop_prefix(
    s3_media, client_a, shop_a, product_a
):
    assert _upload(client_a, product_a).status_code == 302
    with tenant_context(shop_a.tenant):
        photo = product_a.photos.get()
    keys = s3_media.keys()
    assert keys == sorted([photo.image, photo.thumbnail, photo.small])
    prefix = f"{shop_a.tenant.schema_name}/products/{product_a.public_id}/{photo.public_id}"
    assert all(key.startswith(prefix) for key in keys)  # two UUIDs in every key: none can be guessed
    assert s3_media.read(photo.image)[:3] == b"\xff\xd8\xff"  # a JPEG, normalised


def test_serve_photo_from_s3_streams_the_object_through_the_shop_checked_view(s3_media, client_a, shop_a, product_a):
    _upload(client_a, product_a)
    with tenant_context(shop_a.tenant):
        photo = product_a.photos.get()
    response = client_a.get(_photo_url(photo, "thumb"))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content) == s3_media.read(photo.thumbnail)


def test_serve_photo_from_s3_in_redirect_mode_gives_a_presigned_link_that_works_and_expires(
    s3_media, settings, client_a, shop_a, product_a
):
    settings.MEDIA_S3_SERVE = "redirect"
    _upload(client_a, product_a)
    with tenant_context(shop_a.tenant):
        photo = product_a.photos.get()
    response = client_a.get(_photo_url(photo))
    assert response.status_code == 302
    link = response["Location"]
    assert link.startswith(f"{s3_media.endpoint}/{s3_media.bucket}/{photo.image}?")
    assert "X-Amz-Signature=" in link and "X-Amz-Expires=300" in link
    assert requests.get(link, timeout=10).content == s3_media.read(photo.image)
    # Without the signature the private bucket refuses it.
    assert requests.get(link.split("?")[0], timeout=10).status_code == 403


def test_another_shop_cannot_read_a_photo_on_s3_through_the_view(s3_media, client, shop_a, shop_b, product_a):
    client.force_login(shop_a.owner)
    _upload(client, product_a)
    with tenant_context(shop_a.tenant):
        photo = product_a.photos.get()
    client.force_login(shop_b.owner)
    assert client.get(_photo_url(photo)).status_code == 404


def test_objects_on_s3_never_get_a_public_acl(s3_media, client_a, shop_a, product_a):
    _upload(client_a, product_a, count=2)
    assert len(s3_media.keys()) == 6
    for key in s3_media.keys():
        assert not public_grants(s3_media, key), key
    assert not public_grants(s3_media)


def test_delete_photo_on_s3_removes_its_objects(
    s3_media, client_a, shop_a, product_a, django_capture_on_commit_callbacks
):
    _upload(client_a, product_a, count=2)
    with tenant_context(shop_a.tenant):
        first, second = product_a.photos.order_by("position")
        with django_capture_on_commit_callbacks(execute=True):
            photos.delete_photo(first)
    assert s3_media.keys() == sorted([second.image, second.thumbnail, second.small])


def test_missing_object_on_s3_is_a_404_not_a_500(s3_media, client_a, shop_a, product_a):
    _upload(client_a, product_a)
    with tenant_context(shop_a.tenant):
        photo = product_a.photos.get()
    s3_media.client.delete_object(Bucket=s3_media.bucket, Key=photo.image)
    assert client_a.get(_photo_url(photo)).status_code == 404


@pytest.mark.parametrize(
    ("extra", "origin"),
    [
        ({"S3_ENDPOINT_URL": "https://s3.fr-par.scw.cloud"}, "https://s3.fr-par.scw.cloud"),
        (
            {"S3_REGION": "eu-west-3", "S3_ADDRESSING_STYLE": "virtual"},
            "https://shop-photos.s3.eu-west-3.amazonaws.com",
        ),
    ],
)
def test_settings_in_redirect_mode_allow_images_from_the_bucket_origin_only(extra, origin):
    script = "from django.conf import settings; print(settings.CONTENT_SECURITY_POLICY)"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "stoflow.settings",
        "MEDIA_STORAGE": "s3",
        "MEDIA_S3_SERVE": "redirect",
        "S3_BUCKET": "shop-photos",
        **extra,
    }
    policy = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True).stdout
    assert f"img-src 'self' data: blob: {origin};" in policy
    assert policy.count(origin) == 1


def test_settings_with_s3_and_no_bucket_refuse_to_start():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "stoflow.settings", "MEDIA_STORAGE": "s3", "S3_BUCKET": ""}
    result = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; settings.STORAGES"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0 and "S3_BUCKET" in result.stderr
