"""A worker publishes a product whose photos are in an S3-compatible bucket (moto's server over HTTP):
it reads them from the bucket, not from a local folder (docs/storage.md)."""

import hashlib

import pytest
from django_tenants.utils import tenant_context

from .conftest import publish
from .worker import connect_account, start_worker, wait_for

pytestmark = [pytest.mark.committed, pytest.mark.django_db(transaction=True)]


def test_publish_with_photos_on_s3_uploads_the_bucket_objects_to_vinted(worker_shop, sandbox, s3_media, tmp_path):
    shop = worker_shop("s")
    seller = sandbox.create_seller("bucket-seller")
    account = connect_account(shop, sandbox, seller)
    # The worker's MEDIA_ROOT is an empty folder: the photos can only come from the bucket.
    worker = start_worker(sandbox, MEDIA_ROOT=str(tmp_path), **s3_media.env)
    try:
        [job] = publish(shop, account, 1, photos=2)
        [job] = wait_for(shop, lambda jobs: jobs[0].state in ("completed", "failed", "needs_attention"))
    finally:
        worker.stop()
    assert job.state == "completed", job.message
    with tenant_context(shop.tenant):
        stored = [s3_media.read(photo.image) for photo in job.product.photos.order_by("position")]
    [listing] = sandbox.listings(seller["id"])
    sent = [sandbox.photo_bytes(photo_id) for photo_id in listing["photo_ids"]]
    assert [hashlib.sha256(b).hexdigest() for b in sent] == [hashlib.sha256(b).hexdigest() for b in stored]
