"""Publishing to eBay through the job engine, in this process, against the eBay sandbox over HTTP."""

import datetime

import pytest
from django.utils import timezone

from catalog import services as catalog_services
from channels.models import JobDispatch
from ebay.jobs import engine, services
from ebay.jobs.models import EbayListing

from .conftest import publishable

pytestmark = pytest.mark.django_db


def _published(sandbox, username):
    return [o for o in sandbox.offers_of(username) if o["status"] == "PUBLISHED"]


def test_publish_ready_product_sends_images_item_offer_and_publishes_one_listing(
    ebay_sandbox, seller, account, product, run_job
):
    job = services.request_publish(account, product)
    assert JobDispatch.objects.filter(channel="ebay", job_public_id=job.public_id).exists()

    job = run_job(job)

    assert job.state == "completed", (job.message, job.errors)
    listing = EbayListing.objects.get(product=product, account=account)
    assert listing.status == "published" and listing.listing_id and listing.offer_id
    [offer] = _published(ebay_sandbox, seller["username"])
    assert offer["offerId"] == listing.offer_id and offer["listing"]["listingId"] == listing.listing_id
    assert offer["categoryId"] == "53159"  # women's tops & shirts on the FR tree
    assert offer["pricingSummary"]["price"] == {"value": "10.00", "currency": "EUR"}
    item = ebay_sandbox.state.data["items"][seller["username"]][listing.sku]
    assert item["locale"] == "fr_FR" and item["condition"] == "PRE_OWNED_EXCELLENT"
    assert item["product"]["aspects"]["Marque"] == ["Zara"]
    assert item["product"]["aspects"]["Département"] == ["Femme"]
    assert len(item["product"]["imageUrls"]) == 1 and listing.images
    writes = [r for r in ebay_sandbox.requests_of(seller["username"]) if r["method"] in ("PUT", "POST")]
    assert all(r["headers"].get("Content-Language") == "fr-FR" for r in writes if "inventory_item" in r["path"])
    product.refresh_from_db()
    assert product.status == "listed"
    assert listing.sent_at >= product.updated_at  # sent after the product was marked listed: not out of date
    assert not JobDispatch.objects.filter(job_public_id=job.public_id).exists()


def test_publish_when_ebay_holds_an_offer_for_the_sku_reuses_the_offer_it_names(
    ebay_sandbox, seller, account, product, run_job
):
    job = services.request_publish(account, product)
    listing = job.listing
    # An offer eBay already has for this SKU (an earlier run whose answer never reached Stoflow's records).
    client = services.mapping.EbayClient(account)
    assert client.put_inventory_item(listing.sku, {"product": {"title": "x"}}).ok
    earlier = client.create_offer({"sku": listing.sku, "marketplaceId": "EBAY_FR", "format": "FIXED_PRICE"})
    assert earlier.ok

    job = run_job(job)

    assert job.state == "completed", (job.message, job.errors)
    offers = ebay_sandbox.offers_of(seller["username"])
    assert len(offers) == 1 and offers[0]["offerId"] == earlier.data["offerId"] == job.listing.offer_id
    assert offers[0]["status"] == "PUBLISHED"
    assert any(r["route"] == "inventory.offer_put" for r in ebay_sandbox.requests_of(seller["username"]))


def test_publish_whose_publish_answer_is_lost_reads_the_offer_and_keeps_one_listing(
    ebay_sandbox, seller, account, product, run_job
):
    ebay_sandbox.add_fault("error_after_commit", route="inventory.publish", username=seller["username"])
    job = services.request_publish(account, product)

    job = run_job(job, runs=1)
    assert job.state == "unknown" and job.remote["inflight"] == {"op": "publish"}

    job = run_job(job)

    assert job.state == "completed", (job.message, job.errors)
    [offer] = _published(ebay_sandbox, seller["username"])
    assert offer["listingIds"] == [job.listing.listing_id]
    publishes = [r for r in ebay_sandbox.requests_of(seller["username"]) if r["route"] == "inventory.publish"]
    assert len(publishes) == 1  # reconciled by reading the offer, never sent again


def test_publish_whose_create_offer_connection_drops_finds_the_created_offer(
    ebay_sandbox, seller, account, product, run_job
):
    ebay_sandbox.add_fault("drop_after_commit", route="inventory.offer_create", username=seller["username"])
    job = services.request_publish(account, product)

    job = run_job(job)

    assert job.state == "completed", (job.message, job.errors)
    assert len(ebay_sandbox.offers_of(seller["username"])) == 1
    creates = [r for r in ebay_sandbox.requests_of(seller["username"]) if r["route"] == "inventory.offer_create"]
    assert len(creates) == 1


def test_publish_whose_item_answer_is_lost_reads_the_item_and_does_not_put_it_again(
    ebay_sandbox, seller, account, product, run_job
):
    ebay_sandbox.add_fault("error_after_commit", route="inventory.item_put", username=seller["username"])
    job = services.request_publish(account, product)

    job = run_job(job, runs=1)
    assert job.state == "unknown" and job.remote["inflight"] == {"op": "item"}

    job = run_job(job)

    assert job.state == "completed", (job.message, job.errors)
    routes = [r["route"] for r in ebay_sandbox.requests_of(seller["username"])]
    assert routes.count("inventory.item_put") == 1 and "inventory.item" in routes


def test_update_whose_offer_answer_is_lost_reads_the_offer_and_does_not_put_it_again(
    ebay_sandbox, seller, account, product, run_job
):
    listing = run_job(services.request_publish(account, product)).listing
    product.price = product.price + 5
    product.save()
    ebay_sandbox.add_fault("error_after_commit", route="inventory.offer_put", username=seller["username"])
    job = services.request_update(listing)

    job = run_job(job, runs=1)
    assert job.state == "unknown" and job.remote["inflight"] == {"op": "offer_update"}

    job = run_job(job)

    assert job.state == "completed", (job.message, job.errors)
    [offer] = _published(ebay_sandbox, seller["username"])
    assert offer["pricingSummary"]["price"]["value"] == "15.00"
    routes = [r["route"] for r in ebay_sandbox.requests_of(seller["username"])]
    assert routes.count("inventory.offer_put") == 1  # reconciled by reading the offer


def test_publish_answered_429_waits_until_its_time_and_does_not_loop(
    ebay_sandbox, seller, account, product, run_job, settings
):
    settings.EBAY_RATE_LIMITED_WAIT_SECONDS = 120
    ebay_sandbox.add_fault("rate_limited", route="inventory.item_put", username=seller["username"])
    job = services.request_publish(account, product)

    job = run_job(job)

    assert job.state == "waiting_rate_limit" and job.attempts == 0
    wait = job.next_attempt_at - timezone.now()
    assert datetime.timedelta(seconds=100) < wait <= datetime.timedelta(seconds=120)
    puts = [r for r in ebay_sandbox.requests_of(seller["username"]) if r["route"] == "inventory.item_put"]
    assert len(puts) == 1
    dispatch = JobDispatch.objects.get(job_public_id=job.public_id)
    assert dispatch.due_at == job.next_attempt_at

    engine.run(job.pk)  # a delivery before its time does nothing
    job.refresh_from_db()
    assert job.state == "waiting_rate_limit"

    job = run_job(job, wait_due=True)
    assert job.state == "completed"


def test_publish_beyond_the_daily_inventory_limit_waits_for_ebays_next_day_without_sending(
    ebay_sandbox, seller, account, product, run_job, settings, redis_client
):
    settings.EBAY_INVENTORY_CALLS_PER_DAY = 1

    def inventory_requests():
        return [r for r in ebay_sandbox.requests_of(seller["username"]) if r["path"].startswith("/sell/inventory/")]

    before = len(inventory_requests())  # the account's set-up read its locations
    job = services.request_publish(account, product)

    job = run_job(job)

    assert job.state == "waiting_rate_limit" and job.error_code == "budget"
    assert job.next_attempt_at > timezone.now() + datetime.timedelta(minutes=1)
    assert len(inventory_requests()) - before == 1


def test_publish_after_consent_revoked_waits_for_reconnect_then_goes_on(
    ebay_sandbox, seller, account, product, run_job
):
    from ebay import services as ebay_services
    from ebay.tests.conftest import agree_on_ebay

    job = services.request_publish(account, product)
    ebay_sandbox.revoke_consent(seller["username"])
    account.access_expires_at = None
    account.save()

    job = run_job(job)

    assert job.state == "waiting_reconnect" and job.attempts == 0
    account.refresh_from_db()
    assert account.status == "reconnect_needed"
    assert JobDispatch.objects.get(job_public_id=job.public_id).due_at is None

    session = {}
    back = agree_on_ebay(ebay_services.start_consent(session, "EBAY_FR"))
    ebay_services.finish_consent(session, state=back["state"], code=back["code"])
    job.refresh_from_db()
    assert job.state == "pending"

    job = run_job(job)
    assert job.state == "completed"


def test_publish_request_for_product_missing_required_aspects_is_refused_in_seller_words(account, in_shop):
    product = publishable(brand_name="", size=None)
    product.colours.clear()

    with pytest.raises(services.JobRefused) as refused:
        services.request_publish(account, product)

    problems = {p.field: str(p.message) for p in refused.value.problems}
    assert problems["brand_name"] == "Add a brand: eBay requires one in this category."
    assert problems["size"] == "Choose a size: eBay requires one in this category."
    assert problems["colours"] == "Choose at least one colour: eBay requires it in this category."
    assert "gender" not in problems  # the women's category says the department
    assert not EbayListing.objects.exists()


def test_preflight_for_a_shop_in_another_currency_says_so_instead_of_converting(account, in_shop):
    in_shop.tenant.currency = "GBP"
    product = publishable()

    mapped = services.mapping.map_product(product, account)

    [problem] = mapped.problems
    assert problem.field == "price" and "GBP" in str(problem.message) and "EUR" in str(problem.message)


def test_update_sends_item_and_offer_and_end_withdraws_the_offer(ebay_sandbox, seller, account, product, run_job):
    job = run_job(services.request_publish(account, product))
    listing = job.listing
    product.price = product.price + 5
    product.save()

    job = run_job(services.request_update(listing))

    assert job.state == "completed", (job.message, job.errors)
    [offer] = _published(ebay_sandbox, seller["username"])
    assert offer["pricingSummary"]["price"]["value"] == "15.00"
    listing.refresh_from_db()
    assert listing.sent["price"] == "15.00"

    job = run_job(services.request_end(listing))

    assert job.state == "completed"
    listing.refresh_from_db()
    assert listing.status == "ended"
    assert ebay_sandbox.offers_of(seller["username"])[0]["status"] == "UNPUBLISHED"

    job = run_job(services.request_relist(listing))
    assert job.state == "completed"
    assert len(_published(ebay_sandbox, seller["username"])) == 1


def test_product_sold_elsewhere_ends_its_live_ebay_listing(ebay_sandbox, seller, account, product, run_job):
    from ebay.jobs.models import EbayJob

    run_job(services.request_publish(account, product))
    product.refresh_from_db()

    catalog_services.mark_sold(product)

    [end] = EbayJob.objects.filter(action="end")
    assert end.reason == "unavailable"
    end = run_job(end)
    assert end.state == "completed"
    assert ebay_sandbox.offers_of(seller["username"])[0]["status"] == "UNPUBLISHED"


def test_sale_on_this_ebay_listing_leaves_it_alone(account, product, run_job, in_shop):
    from catalog.sales import record_sale
    from ebay.jobs.models import EbayJob

    job = run_job(services.request_publish(account, product))
    product.refresh_from_db()

    record_sale(
        product,
        price=product.price,
        currency="EUR",
        channel="ebay",
        account_ref=str(account.public_id),
        listing_ref=job.listing.listing_id,
    )

    assert not EbayJob.objects.filter(action="end").exists()


def test_publish_with_a_photo_missing_from_storage_needs_attention_and_creates_nothing(
    ebay_sandbox, seller, account, run_job, in_shop
):
    from django.core.files.storage import default_storage

    product = publishable(photos=1)
    default_storage.delete(product.photos.get().image)
    job = run_job(services.request_publish(account, product))
    assert job.state == "needs_attention" and job.error_code == "photo_missing"
    assert not [r for r in ebay_sandbox.requests_of(seller["username"]) if r["path"].endswith("/offer")]


def test_sale_on_vinted_ends_the_ebay_listing_and_the_delist_log_says_so(
    ebay_sandbox, seller, account, product, run_job
):
    from catalog.sales import record_sale
    from ebay.jobs.models import EbayJob

    run_job(services.request_publish(account, product))
    product.refresh_from_db()

    record_sale(product, price=product.price, currency="EUR", channel="vinted", account_ref="v1", listing_ref="42")

    [end] = EbayJob.objects.filter(action="end")
    assert end.reason == "sold_elsewhere"
    run_job(end)
    steps = [(step.channel, step.outcome, step.message) for step in product.delist_steps.order_by("at", "pk")]
    assert steps == [
        ("vinted", "sold", steps[0][2]),
        ("ebay", "asked", "End asked on eBay."),
        ("ebay", "ended", "Ended on eBay."),
    ]
    assert {step.account_label for step in product.delist_steps.filter(channel="ebay")} == {account.ledger_label}
    assert ebay_sandbox.offers_of(seller["username"])[0]["status"] == "UNPUBLISHED"
