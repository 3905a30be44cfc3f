"""The eBay client's typed outcomes against the eBay sandbox (ebay-api §4.6-4.7, §8)."""

import pytest
from django_tenants.utils import tenant_context

from ebay.client import EbayClient, Kind
from ebay.models import EbayAccount

from .sandbox.helpers import HOME, ITEM, jpeg, offer_body, seller_ready

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_fr(ebay_account, shop_a):
    with tenant_context(shop_a.tenant):
        yield EbayClient(EbayAccount.objects.get(pk=ebay_account.pk))


def _ready_offer(client):
    """Opted in, three policies and a location, the item and an offer: (offer id, policies)."""
    policies = seller_ready(client)
    client.put_inventory_item("SKU1FR", ITEM)
    return client.create_offer(offer_body("SKU1FR", policies)).data["offerId"], policies


def test_put_item_sends_the_marketplace_content_language(client_fr, ebay_sandbox):
    assert client_fr.put_inventory_item("SKU1FR", ITEM).kind is Kind.OK
    logged = [r for r in ebay_sandbox.requests_of("alice_fr") if r["route"] == "inventory.item_put"]
    assert logged[-1]["headers"]["Content-Language"] == "fr-FR"


def test_create_offer_twice_gives_duplicate_offer_with_the_existing_id(client_fr):
    offer_id, policies = _ready_offer(client_fr)
    again = client_fr.create_offer(offer_body("SKU1FR", policies))
    assert again.kind is Kind.DUPLICATE_OFFER and again.data == {"offerId": offer_id}


def test_offers_of_a_sku_without_offers_are_not_found(client_fr):
    client_fr.put_inventory_item("SKU2", ITEM)
    assert client_fr.offers_for("SKU2").kind is Kind.NOT_FOUND


def test_publish_without_location_is_a_validation_error_with_its_id(client_fr):
    offer_id, policies = _ready_offer(client_fr)
    client_fr.update_offer(offer_id, offer_body("SKU1FR", policies, merchantLocationKey="nowhere"))
    answer = client_fr.publish_offer(offer_id)
    assert answer.kind is Kind.VALIDATION and answer.error_id == 25012


def test_publish_then_read_shows_the_listing(client_fr):
    offer_id, _ = _ready_offer(client_fr)
    listing_id = client_fr.publish_offer(offer_id).data["listingId"]
    assert client_fr.offer(offer_id).data["listing"]["listingId"] == listing_id


def test_create_location_twice_is_already_exists(client_fr):
    assert client_fr.create_location("homefr", HOME).kind is Kind.OK
    assert client_fr.create_location("homefr", HOME).kind is Kind.ALREADY_EXISTS


def test_lost_publish_response_is_ambiguous_and_the_offer_is_published(client_fr, ebay_sandbox):
    offer_id, _ = _ready_offer(client_fr)
    ebay_sandbox.add_fault("drop_after_commit", route="inventory.publish")
    assert client_fr.publish_offer(offer_id).kind is Kind.AMBIGUOUS
    assert client_fr.offer(offer_id).data["status"] == "PUBLISHED"


def test_500_after_create_offer_is_ambiguous(client_fr, ebay_sandbox):
    _offer_id, policies = _ready_offer(client_fr)
    client_fr.put_inventory_item("SKU3", ITEM)
    ebay_sandbox.add_fault("error_after_commit", route="inventory.offer_create")
    assert client_fr.create_offer(offer_body("SKU3", policies)).kind is Kind.AMBIGUOUS


def test_500_on_a_read_is_transient(client_fr, ebay_sandbox):
    ebay_sandbox.add_fault("system_error", route="inventory.offers")
    assert client_fr.offers_for("SKU1FR").kind is Kind.TRANSIENT


def test_429_is_rate_limited(client_fr, ebay_sandbox):
    ebay_sandbox.add_fault("rate_limited", route="inventory.item_put")
    assert client_fr.put_inventory_item("SKU1FR", ITEM).kind is Kind.RATE_LIMITED


def test_warnings_on_a_2xx_stay_ok(client_fr, ebay_sandbox):
    ebay_sandbox.add_fault("warning", route="inventory.item_put")
    answer = client_fr.put_inventory_item("SKU1FR", ITEM)
    assert answer.kind is Kind.OK and answer.warnings[0]["errorId"] == 25402


def test_401_refreshes_the_token_once_and_retries(client_fr, ebay_sandbox):
    ebay_sandbox.add_fault("invalid_token", route="inventory.locations")
    before = len([r for r in ebay_sandbox.state.requests if r["route"] == "oauth.token"])
    assert client_fr._call("GET", client_fr._api("/sell/inventory/v1/location")).kind is Kind.OK
    assert len([r for r in ebay_sandbox.state.requests if r["route"] == "oauth.token"]) == before + 1


def test_revoked_consent_is_reconnect_needed_and_marks_the_account(client_fr, ebay_sandbox):
    ebay_sandbox.revoke_consent("alice_fr")
    assert client_fr.offers_for("SKU1FR").kind is Kind.RECONNECT_NEEDED
    assert EbayAccount.objects.get(pk=client_fr.account.pk).status == EbayAccount.Status.RECONNECT_NEEDED


def test_missing_scope_is_forbidden(client_fr, ebay_sandbox):
    for record in ebay_sandbox.state.data["access"].values():  # a consent without sell.fulfillment
        record["scopes"] = [s for s in record["scopes"] if not s.endswith("sell.fulfillment")]
    assert client_fr.orders_modified_since("2026-01-01T00:00:00.000Z").kind is Kind.FORBIDDEN


def test_validation_fault_on_a_read_is_a_validation_error(client_fr, ebay_sandbox):
    ebay_sandbox.add_fault("validation", route="inventory.locations", error_id=25706)
    answer = client_fr._call("GET", client_fr._api("/sell/inventory/v1/location"))
    assert answer.kind is Kind.VALIDATION and answer.error_id == 25706


def test_write_to_a_stopped_ebay_is_transient_because_nothing_was_sent(client_fr, ebay_sandbox):
    client_fr.put_inventory_item("SKU1FR", ITEM)  # a valid access token is stored
    ebay_sandbox.stop()
    assert client_fr.put_inventory_item("SKU1FR", ITEM).kind is Kind.TRANSIENT


def test_upload_image_returns_the_picture_url(client_fr):
    answer = client_fr.upload_image("front.jpg", jpeg(), "image/jpeg")
    assert answer.kind is Kind.OK and answer.data["imageUrl"]


def test_orders_modified_since_lists_a_sale(client_fr, ebay_sandbox):
    offer_id, _ = _ready_offer(client_fr)
    listing_id = client_fr.publish_offer(offer_id).data["listingId"]
    ebay_sandbox.buy(listing_id)
    answer = client_fr.orders_modified_since("2020-01-01T00:00:00.000Z")
    assert answer.kind is Kind.OK and answer.data["orders"][0]["lineItems"][0]["sku"] == "SKU1FR"


def test_media_uploads_past_the_per_user_limit_are_refused_before_sending(
    client_fr, ebay_sandbox, settings, redis_client
):
    settings.EBAY_MEDIA_POSTS_PER_WINDOW = 2
    answers = [client_fr.upload_image("a.jpg", jpeg(10, 10), "image/jpeg") for _ in range(3)]
    assert [a.kind for a in answers] == [Kind.OK, Kind.OK, Kind.RATE_LIMITED]
    assert answers[2].sent is False and answers[2].retry_at is not None
    assert len([r for r in ebay_sandbox.requests_of("alice_fr") if r["route"] == "media.create"]) == 2


def test_media_upload_never_sent_gives_its_slot_back(client_fr, ebay_sandbox, settings, redis_client):
    settings.EBAY_MEDIA_POSTS_PER_WINDOW = 1
    client_fr.put_inventory_item("SKU1FR", ITEM)  # a valid access token is stored
    ebay_sandbox.stop()
    assert client_fr.upload_image("a.jpg", jpeg(10, 10), "image/jpeg").sent is False
    from ebay import budget
    from ratelimit import limiter

    assert limiter.status(budget.media_key(client_fr.account.ebay_user_id), budget.media_policy()).allowed
