"""A seller on a phone, on a Stoflow whose web server and worker keep media in an S3-compatible bucket
(moto's server over HTTP) and hand photos to the browser by short-lived presigned links: adds a
product with photos and sees them, adds a large photo the worker normalises from the bucket, deletes
a photo, then closes the shop, and the bucket holds nothing of it (docs/storage.md)."""

from pathlib import Path

import pytest

from catalog.tests.factories import image_bytes
from tenants.models import Tenant
from tests.browser import wait_until

from .helpers import add_product, fits_the_screen, sign_up

pytestmark = [pytest.mark.journey, pytest.mark.django_db(transaction=True)]

ALL_LOADED = "() => [...document.querySelectorAll('.photo-grid img')].every(i => i.complete && i.naturalWidth > 0)"


def _shop_keys(bucket, schema: str) -> list[str]:
    return [key for key in bucket.keys() if schema in key]


def test_photos_on_s3_added_seen_processed_by_the_worker_deleted_and_gone_with_the_shop(phone_s3, running_s3):
    page, bucket = phone_s3, running_s3.media
    sign_up(page, running_s3, "Nuage Seconde Main", "nuage@example.com")
    schema = Tenant.objects.get(name="Nuage Seconde Main").schema_name

    product_url = add_product(page, sku="NUA-001", title="Veste en jean", price="32.00", photos=2)
    wait_until(page, ALL_LOADED)
    assert page.locator(".photo-grid img").count() == 2
    # The page names the shop-checked view; the view answers with a presigned link into the bucket.
    thumbnail = page.locator(".photo-grid img").first.get_attribute("src")
    assert thumbnail.startswith("/catalog/photos/")
    answer = page.request.get(running_s3.url + thumbnail, max_redirects=0)
    assert answer.status == 302
    assert answer.headers["location"].startswith(f"{bucket.endpoint}/{bucket.bucket}/{schema}/products/")
    assert "X-Amz-Signature=" in answer.headers["location"]
    assert len(_shop_keys(bucket, schema)) == 6  # photo, thumbnail and small copy of each
    assert fits_the_screen(page)

    # A photo above the stack's worker threshold is held in the bucket and normalised by the worker.
    page.set_input_files(
        "#add-photos", [{"name": "big.jpg", "mimeType": "image/jpeg", "buffer": image_bytes(2400, 1800)}]
    )
    page.click("form.dropzone button[type=submit]")
    page.wait_for_url(product_url)
    # The page polls until the worker is done, then reloads (a locator wait outlives the reload).
    page.locator(".photo-grid img").nth(2).wait_for(timeout=60000)
    wait_until(page, ALL_LOADED)
    keys = _shop_keys(bucket, schema)
    assert len(keys) == 9 and not any(key.endswith("_original") for key in keys)

    # Delete the first photo: its three objects go.
    page.locator(".photo-grid [data-confirm=photo-delete] summary").first.click()
    page.locator(".photo-grid [data-confirm=photo-delete] [data-confirmed]").first.click()
    page.wait_for_selector("text=Photo deleted.")
    assert page.locator(".photo-grid img").count() == 2
    assert len(_shop_keys(bucket, schema)) == 6

    # Nothing was written to the web server's or the worker's disk.
    media_root = Path(running_s3.env["MEDIA_ROOT"])
    assert not media_root.exists() or not [p for p in media_root.rglob("*") if p.is_file()]

    # Close the shop: every object of it leaves the bucket.
    page.goto(running_s3.url + "/settings/data/")
    page.fill("#id_shop_name", "Nuage Seconde Main")
    with page.expect_navigation():
        page.click("form:has(input[value=close]) button[type=submit]")
    assert not Tenant.objects.filter(name="Nuage Seconde Main").exists()
    assert _shop_keys(bucket, schema) == []
