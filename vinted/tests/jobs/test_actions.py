"""Update, delete, repost and sync (wardrobe import included)."""

import pytest

from catalog.models import Product
from vinted import services as vinted_services
from vinted.client import new_upload_session
from vinted.jobs import selectors, services
from vinted.jobs.models import Job, Listing
from vinted.tests.item_fixture import tshirt

from .conftest import publishable

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(account, run_job, shop_a):
    def publish(product=None):
        product = product or publishable()
        [job] = services.request_publication(account, [product], user=shop_a.owner)
        assert run_job(job).state == "completed"
        return product, Listing.objects.get(product=product, account=account)

    return publish


def test_update_sends_the_full_item_with_the_new_price(account, published, run_job, sandbox, seller, shop_a):
    product, listing = published()
    product.price = 30
    product.save()
    job = run_job(services.request_update(account, product, user=shop_a.owner))
    assert job.state == "completed"
    [item] = sandbox.listings(seller["id"])
    assert float(item["price"]) == 30
    listing.refresh_from_db()
    assert listing.price == 30


def test_delete_removes_the_listing_and_a_second_delete_is_refused(
    account, published, run_job, sandbox, seller, shop_a
):
    product, listing = published()
    job = run_job(services.request_delete(account, product, user=shop_a.owner))
    assert job.state == "completed"
    listing.refresh_from_db()
    assert listing.status == "deleted"
    assert vinted_services.client_for(account).wardrobe(seller["id"]).data == []
    with pytest.raises(services.JobRefused):
        services.request_delete(account, product, user=shop_a.owner)


def test_repost_creates_the_new_listing_before_deleting_the_old_and_keeps_history(
    account, published, run_job, sandbox, seller, shop_a
):
    product, listing = published()
    old_id = listing.item_id
    job = run_job(services.request_repost(account, product, user=shop_a.owner))
    assert job.state == "completed"
    listing.refresh_from_db()
    assert listing.item_id != old_id and listing.previous_item_ids == [old_id]
    paths = list(job.events.filter(kind="request", method="POST").values_list("path", flat=True))
    assert paths.index("/api/v2/item_upload/items") < paths.index(f"/api/v2/items/{old_id}/delete")
    live = [i["id"] for i in vinted_services.client_for(account).wardrobe(seller["id"]).data]
    assert live == [listing.item_id]
    assert selectors.requests_needed("repost", product) == sum(1 for _ in paths)


def test_repost_with_the_old_delete_lost_checks_before_sending_again(
    account, published, run_job, sandbox, seller, shop_a
):
    product, listing = published()
    sandbox.add_fault("drop_after_commit", seller_id=seller["id"], route="items.delete", times="once")
    job = run_job(services.request_repost(account, product, user=shop_a.owner))
    assert job.state == "completed"
    deletes = job.events.filter(kind="request", path__endswith="/delete").count()
    assert deletes == 1


def test_sync_marks_sold_hidden_deleted_updates_stats_and_imports_unknown_items(
    account, published, run_job, sandbox, seller, shop_a, jpeg
):
    sold_product, sold = published(publishable(stock=2))
    hidden_product, hidden = published()
    gone_product, gone = published()
    seen_product, seen = published()
    client = vinted_services.client_for(account)
    sandbox.mark_sold(sold.item_id)
    assert client.hide_item(hidden.item_id).ok
    assert client.delete_item(gone.item_id).ok
    sandbox.set_stats(seen.item_id, views=12, favourites=3)
    upload = new_upload_session()
    photo = client.upload_photo(jpeg(), upload_session_id=upload).data["id"]
    foreign = client.create_item(tshirt([photo], title="Linen summer dress"), upload_session_id=upload).data

    job = run_job(services.request_sync(account, user=shop_a.owner))

    assert job.state == "completed", job.message
    states = {row.product_id: row for row in Listing.objects.filter(account=account)}
    assert states[sold_product.pk].status == "sold"
    sold_product.refresh_from_db()
    assert sold_product.status == Product.Status.LISTED and sold_product.stock == 1  # one is still for sale
    assert states[hidden_product.pk].status == "hidden"
    assert states[gone_product.pk].status == "deleted"
    assert (states[seen_product.pk].views, states[seen_product.pk].favourites) == (12, 3)
    imported = Listing.objects.get(account=account, item_id=foreign["id"]).product
    assert imported.title == "Linen summer dress" and imported.photos.count() == 1
    assert imported.category is not None and imported.status == Product.Status.LISTED
    # A second sync imports nothing again and does not sell twice.
    again = run_job(services.request_sync(account, user=shop_a.owner))
    assert again.state == "completed"
    sold_product.refresh_from_db()
    assert sold_product.stock == 1
    assert Product.objects.filter(title="Linen summer dress").count() == 1


def test_sync_over_the_plan_limit_imports_what_fits_and_says_so(account, run_job, sandbox, seller, shop_a, jpeg):
    client = vinted_services.client_for(account)
    for n in range(2):
        upload = new_upload_session()
        photo = client.upload_photo(jpeg(), upload_session_id=upload).data["id"]
        assert client.create_item(tshirt([photo], title=f"Wool jumper {n}"), upload_session_id=upload).ok
    shop_a.tenant.max_products_override = Product.objects.alive().count() + 1
    shop_a.tenant.save(update_fields=["max_products_override"])
    job = run_job(services.request_sync(account, user=shop_a.owner))
    assert job.state == "completed"
    assert "plan" in job.message and job.remote["not_imported"] == 1
    assert Product.objects.filter(title__startswith="Wool jumper").count() == 1


def test_statistics_count_publications_per_day_and_success_rate(account, published, run_job, shop_a, sandbox, seller):
    from django.utils import timezone

    published()
    sandbox.add_fault("validation", seller_id=seller["id"], route="items.create", errors=["brand"])
    [bad] = services.request_publication(account, [publishable()], user=shop_a.owner)
    assert run_job(bad).state == "needs_attention"
    per_day = selectors.publications_per_day(7)
    assert len(per_day) == 7 and per_day[timezone.localdate()] == 1
    assert selectors.success_rate(7) == 0.5
    assert Job.objects.filter(account=account).count() == 2


def test_periodic_sync_queues_one_sync_per_connected_account_and_not_twice(account, shop_a):
    from django_tenants.utils import tenant_context

    from vinted.jobs import dispatch

    assert dispatch.queue_periodic_syncs() >= 1
    assert dispatch.queue_periodic_syncs() == 0  # the first is still in progress
    with tenant_context(shop_a.tenant):
        assert Job.objects.filter(account=account, action="sync", state="pending").count() == 1


@pytest.fixture
def read_without_photos(monkeypatch):
    """Vinted's read of an item answers in a shape without `photos[]`."""
    from vinted.client.api import VintedClient

    original = VintedClient.get_item

    def get_item(self, item_id):
        outcome = original(self, item_id)
        if outcome.ok:
            outcome.data.pop("photos", None)
        return outcome

    monkeypatch.setattr(VintedClient, "get_item", get_item)


def test_update_when_the_read_lacks_photos_sends_the_photos_recorded_at_publish_time(
    account, published, run_job, sandbox, seller, shop_a, read_without_photos
):
    product, _listing = published(publishable(photos=2))
    [before] = sandbox.listings(seller["id"])
    product.price = 31
    product.save()
    job = run_job(services.request_update(account, product, user=shop_a.owner))
    assert job.state == "completed", job.message
    [item] = sandbox.listings(seller["id"])
    assert float(item["price"]) == 31 and item["photo_ids"] == before["photo_ids"] and len(item["photo_ids"]) == 2


def test_update_when_the_read_lacks_photos_and_none_were_recorded_stops_and_sends_nothing(
    account, published, run_job, sandbox, seller, shop_a, read_without_photos
):
    product, _listing = published()
    Job.objects.filter(product=product).update(remote={})  # e.g. a listing imported from the wardrobe
    sent = sandbox.mutating_count(seller["id"])
    job = run_job(services.request_update(account, product, user=shop_a.owner))
    assert (job.state, job.error_code) == ("needs_attention", "photos_unknown")
    assert "did not list this listing's photos" in job.message and not job.errors
    assert sandbox.mutating_count(seller["id"]) == sent


def test_periodic_sync_reads_an_account_with_live_listings_every_minute_and_an_idle_one_hourly(
    account, shop_a, settings
):
    import datetime

    from django.utils import timezone
    from django_tenants.utils import tenant_context

    from vinted.jobs import dispatch

    settings.VINTED_SYNC_INTERVAL_SECONDS, settings.VINTED_LIVE_SYNC_INTERVAL_SECONDS = 3600, 60
    settings.VINTED_SYNC_READS_PER_HOUR = 120
    with tenant_context(shop_a.tenant):
        Job.objects.filter(account=account).delete()
        Job.objects.create(action="sync", account=account, state="completed")
    soon = timezone.now() + datetime.timedelta(seconds=90)
    assert dispatch.queue_periodic_syncs(now=soon) == 0  # no live listing: hourly
    with tenant_context(shop_a.tenant):
        Listing.objects.create(product=publishable(), account=account, item_id=1, status="published")
        assert dispatch.sync_interval(account) == datetime.timedelta(seconds=60)
    assert dispatch.queue_periodic_syncs(now=soon) == 1
    with tenant_context(shop_a.tenant):
        for n in range(2, 300):  # four wardrobe pages: 4 × 30 reads an hour fill the 120 allowed
            Listing.objects.create(product=publishable(photos=0), account=account, item_id=n, status="sold")
        assert dispatch.sync_interval(account) == datetime.timedelta(seconds=120)
