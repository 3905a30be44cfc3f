"""The steps of eBay's actions (ebay-api §9): policies and location, mapping, pictures, inventory item,
offer, publish, update, withdraw. Each stores what eBay gave back at once and, where a previous run left
a write in flight, reads eBay before writing again (runtime.Run.reconcile).
"""

import time

from django.utils import timezone
from django.utils.translation import gettext_noop

from catalog import photos as catalog_photos
from catalog import services as catalog_services
from catalog.models import Product

from .. import mapping, selectors
from ..client import Kind
from .models import EbayJob, EbayListing
from .runtime import Run, S, Stop, stop_for


def prerequisites(run: Run) -> None:
    """The three business policies and the inventory location the offer names (ebay-api §3): the ones
    the seller chose in the account's set-up (ebay.setup), kept in `remote`."""
    if run.remote.get("policies") and run.remote.get("location"):
        return
    chosen = selectors.listing_settings(run.account)
    if chosen is None:
        raise Stop(
            S.NEEDS_ATTENTION,
            gettext_noop(
                "Finish this eBay account's set-up (shipping, payment and return policies, and where you "
                "ship from) on the eBay accounts page, then retry."
            ),
            code="setup_needed",
        )
    run.done(
        policies={
            "fulfillmentPolicyId": chosen.fulfillment_policy_id,
            "paymentPolicyId": chosen.payment_policy_id,
            "returnPolicyId": chosen.return_policy_id,
        },
        location=chosen.merchant_location_key,
    )


def offer_settings_from_ebay(run: Run) -> dict | None:
    """The live offer (its policies and location are the seller's), or None when eBay has none."""
    if not run.listing.offer_id:
        return _offer_of_sku(run)
    found = run.read(
        "GET",
        f"/sell/inventory/v1/offer/{run.listing.offer_id}",
        lambda: run.client.offer(run.listing.offer_id),
        ok=(Kind.OK, Kind.NOT_FOUND),
    )
    return found.data if found.ok else None


def _offer_of_sku(run: Run) -> dict | None:
    """The SKU's offer on eBay, its id stored on the listing at once; None when eBay has none."""
    found = run.read(
        "GET",
        "/sell/inventory/v1/offer",
        lambda: run.client.offers_for(run.listing.sku),
        ok=(Kind.OK, Kind.NOT_FOUND),
    )
    offers = (found.data or {}).get("offers") or [] if found.ok else []
    if not offers:
        return None
    run.save_listing(offer_id=str(offers[0]["offerId"]))
    return offers[0]


def map_product(run: Run) -> mapping.Mapped:
    run.step("mapping")
    try:
        mapped = mapping.map_product(run.product, run.account, run.client)
    except mapping.TaxonomyUnavailable as error:
        raise stop_for(error.outcome, run.job) from None
    if mapped.problems:
        raise Stop(
            S.NEEDS_ATTENTION,
            gettext_noop("The product is not ready for eBay: see what is missing."),
            code="preflight",
            errors=[{"field": p.field, "message": str(p.message)} for p in mapped.problems],
        )
    return mapped


def images(run: Run) -> list[str]:
    """eBay-hosted URLs of the product's photos (Media API), uploading only those not uploaded yet."""
    photos = list(run.product.photos.order_by("position", "pk")[: mapping.PICTURES_MAX])
    urls = dict(run.listing.images)
    missing = [p for p in photos if str(p.public_id) not in urls]
    if missing:
        run.step("images")
    for photo in missing:
        try:
            content = catalog_photos.read_photo(photo)
        except catalog_photos.PhotoFileMissing:
            raise Stop(S.NEEDS_ATTENTION, catalog_photos.PhotoFileMissing.advice, code="photo_missing") from None
        started = time.monotonic()
        outcome = run.client.upload_image(f"{photo.public_id}.jpg", content, "image/jpeg")
        run.log("POST", "/commerce/media/v1_beta/image/create_image_from_file", outcome, started)
        if not outcome.ok:
            raise stop_for(outcome, run.job)
        urls[str(photo.public_id)] = outcome.data["imageUrl"]
        run.save_listing(images=urls)  # at once: a retry does not upload it again
    return [urls[str(p.public_id)] for p in photos]


def put_item(run: Run, body: dict) -> None:
    if run.sent_already("item", body):
        return
    run.step("item")
    sku = run.listing.sku
    _put_whole(
        run,
        "item",
        "item",
        f"/sell/inventory/v1/inventory_item/{sku}",
        body,
        read=lambda: run.client.inventory_item(sku),
        put=lambda: run.client.put_inventory_item(sku, body),
    )


def _put_whole(run: Run, what: str, op: str, path: str, body: dict, *, read, put) -> None:
    """PUT the whole body; after a PUT left in flight (`op`), read eBay first: holding the body already,
    it is not sent again."""
    if run.reconcile == op:
        found = run.read("GET", path, read, ok=(Kind.OK, Kind.NOT_FOUND))
        if found.ok and _same_body(found.data, body):
            run.record_sent(what, body)
            return
    run.write(op, "PUT", path, put)
    run.record_sent(what, body)


def _same_body(found: dict, body: dict) -> bool:
    return all(found.get(k) == v for k, v in body.items())


def put_offer(run: Run, body: dict) -> None:
    """Create the offer, or replace it: its id is stored as soon as eBay gives it."""
    if run.listing.offer_id and run.sent_already("offer", body):
        return
    run.step("offer")
    if not run.listing.offer_id and run.reconcile == "offer_create":
        # The create may have landed: look for the SKU's offer before sending anything.
        _offer_of_sku(run)
        run.done()
    if not run.listing.offer_id:
        created = run.write(
            "offer_create",
            "POST",
            "/sell/inventory/v1/offer",
            lambda: run.client.create_offer(body),
            ok=(Kind.OK, Kind.DUPLICATE_OFFER),
        )
        run.save_listing(offer_id=str(created.data["offerId"]))
        if created.ok:
            run.record_sent("offer", body)
            return
        run.done()
        # 25002: eBay already holds an offer for this SKU and names it; it gets this job's offer.
    offer_id = run.listing.offer_id
    _put_whole(
        run,
        "offer",
        "offer_update",
        f"/sell/inventory/v1/offer/{offer_id}",
        body,
        read=lambda: run.client.offer(offer_id),
        put=lambda: run.client.update_offer(offer_id, body),
    )


def publish_offer(run: Run) -> str:
    run.step("publishing")
    offer_id = run.listing.offer_id
    path = f"/sell/inventory/v1/offer/{offer_id}"
    if run.reconcile == "publish":
        found = run.read("GET", path, lambda: run.client.offer(offer_id))
        if found.data.get("status") == "PUBLISHED":
            run.done()
            return str(found.data["listing"]["listingId"])
    published = run.write("publish", "POST", path + "/publish", lambda: run.client.publish_offer(offer_id))
    run.done()
    return str(published.data["listingId"])


def _send_listing(run: Run) -> None:
    """Publish and relist: prerequisites, mapping, pictures, item, offer, publish; the listing is live."""
    prerequisites(run)
    mapped = map_product(run)
    urls = images(run)
    item = mapping.inventory_item(run.product, mapped, urls)
    offer = mapping.offer(run.listing, mapped, run.account, run.remote["policies"], run.remote["location"])
    put_item(run, item)
    put_offer(run, offer)
    listing_id = publish_offer(run)
    previous = list(run.listing.previous_listing_ids)
    if run.listing.listing_id and run.listing.listing_id != listing_id:
        previous.append(run.listing.listing_id)
    # The product first: its `updated_at` must not be later than the listing's `sent_at`, or the product
    # list would call the listing out of date at once (catalog.extensions.ChannelState.stale).
    if run.product.status in (Product.Status.DRAFT, Product.Status.READY):
        catalog_services.mark_listed(run.product)
    now = timezone.now()
    run.save_listing(
        listing_id=listing_id,
        status=EbayListing.Status.PUBLISHED,
        price=mapped.price,
        currency=mapped.currency,
        category_id=mapped.choice.ebay_category_id,
        published_at=now,
        ended_at=None,
        last_error="",
        previous_listing_ids=previous,
        sent=mapping.comparable(item, offer),
        sent_at=now,
    )


def do_publish(run: Run) -> None:
    _send_listing(run)


def do_relist(run: Run) -> None:
    if not run.remote.get("policies"):
        current = offer_settings_from_ebay(run)
        if current and current.get("listingPolicies") and current.get("merchantLocationKey"):
            run.done(policies=current["listingPolicies"], location=current["merchantLocationKey"])
    _send_listing(run)


def do_update(run: Run) -> None:
    """The item and the offer, each sent whole (ebay-api §4.5: a revision of the live listing)."""
    if not run.remote.get("policies"):
        current = offer_settings_from_ebay(run)
        if current is None:
            raise Stop(S.NEEDS_ATTENTION, gettext_noop("eBay has no offer for this listing any more."), code="gone")
        run.done(policies=current.get("listingPolicies") or {}, location=current.get("merchantLocationKey", ""))
    mapped = map_product(run)
    urls = images(run)
    item = mapping.inventory_item(run.product, mapped, urls)
    offer = mapping.offer(run.listing, mapped, run.account, run.remote["policies"], run.remote["location"])
    put_item(run, item)
    put_offer(run, offer)
    run.save_listing(
        price=mapped.price,
        currency=mapped.currency,
        category_id=mapped.choice.ebay_category_id,
        last_error="",
        sent=mapping.comparable(item, offer),
        sent_at=timezone.now(),
    )


def do_end(run: Run) -> None:
    """Withdraw the offer (the listing ends; the offer stays for a relist). Reads it first: an offer already
    unpublished is done."""
    run.step("ending")
    current = offer_settings_from_ebay(run)
    if current is not None and current.get("status") == "PUBLISHED":
        offer_id = run.listing.offer_id
        run.write(
            "withdraw",
            "POST",
            f"/sell/inventory/v1/offer/{offer_id}/withdraw",
            lambda: run.client.withdraw_offer(offer_id),
            ok=(Kind.OK, Kind.NOT_FOUND),
        )
        run.done()
    run.save_listing(
        status=EbayListing.Status.SOLD if run.job.reason == "sold" else EbayListing.Status.ENDED,
        ended_at=timezone.now(),
        last_error="",
    )


ACTIONS = {
    EbayJob.Action.PUBLISH: do_publish,
    EbayJob.Action.UPDATE: do_update,
    EbayJob.Action.END: do_end,
    EbayJob.Action.RELIST: do_relist,
}
DONE_MESSAGES = {
    EbayJob.Action.PUBLISH: gettext_noop("Live on eBay."),
    EbayJob.Action.RELIST: gettext_noop("Live on eBay again."),
    EbayJob.Action.UPDATE: gettext_noop("Updated on eBay."),
    EbayJob.Action.END: gettext_noop("Ended on eBay."),
}
