import copy

import pytest

from .helpers import ITEM, error_id, offer_body

INV = "/sell/inventory/v1"
HOME = {"location": {"address": {"postalCode": "75011", "country": "FR"}}, "locationTypes": ["WAREHOUSE"]}


def test_location_create_answers_204_then_409_25803(api):
    first = api.post(f"{INV}/location/home1", json=HOME)
    second = api.post(f"{INV}/location/home1", json=HOME)
    assert first.status_code == 204 and first.content == b""
    assert second.status_code == 409 and error_id(second) == 25803
    assert api.get(f"{INV}/location/home1").json()["merchantLocationStatus"] == "ENABLED"
    assert api.get(f"{INV}/location").json()["total"] == 1


def test_location_without_postal_code_or_city_gives_25801(api):
    answer = api.post(f"{INV}/location/home2", json={"location": {"address": {"country": "FR"}}})
    assert answer.status_code == 400 and error_id(answer) == 25801


def test_location_unknown_answers_404(api):
    assert api.get(f"{INV}/location/nowhere").status_code == 404


def test_item_put_without_content_language_gives_400_25709(api):
    answer = api.put(f"{INV}/inventory_item/SKU1", json=ITEM, headers={"Content-Language": ""})
    assert answer.status_code == 400 and error_id(answer) == 25709


def test_item_put_with_a_hyphenated_sku_gives_25707(api):
    assert error_id(api.put(f"{INV}/inventory_item/SKU-1", json=ITEM)) == 25707


def test_item_put_with_an_unknown_condition_cannot_serialize(api):
    answer = api.put(f"{INV}/inventory_item/SKU1", json={**ITEM, "condition": "USED"})
    assert answer.status_code == 400
    assert answer.json() == {"errors": [{"message": "Could not serialize field [condition]"}]}


def test_item_put_is_a_full_replacement_and_records_the_locale(api):
    assert api.put(f"{INV}/inventory_item/SKU1", json=ITEM).status_code == 204
    shorter = {"condition": "NEW", "product": {"title": "Robe"}}
    api.put(f"{INV}/inventory_item/SKU1", json=shorter, headers={"Content-Language": "de-DE"})
    found = api.get(f"{INV}/inventory_item/SKU1").json()
    assert found["product"] == {"title": "Robe"} and "availability" not in found
    assert found["locale"] == "de_DE" and found["sku"] == "SKU1"


def test_item_get_unknown_gives_404_25710(api):
    answer = api.get(f"{INV}/inventory_item/NOPE1")
    assert answer.status_code == 404 and error_id(answer) == 25710


def test_offer_create_for_an_unknown_sku_gives_25702(api, policies):
    assert error_id(api.post(f"{INV}/offer", json=offer_body("GHOST1", policies))) == 25702


def test_offer_create_twice_gives_25002_with_the_existing_offer_id(api, offer_id, policies):
    again = api.post(f"{INV}/offer", json=offer_body("SKU1FR", policies))
    assert again.status_code == 400 and error_id(again) == 25002
    assert again.json()["errors"][0]["parameters"] == [{"name": "offerId", "value": offer_id}]


def test_offer_create_answers_201_with_a_numeric_string_id(api, offer_id):
    assert isinstance(offer_id, str) and offer_id.isdigit()


def test_offers_without_sku_give_25707(api):
    assert error_id(api.get(f"{INV}/offer")) == 25707


def test_offers_of_a_sku_without_offers_give_404_25713(api):
    api.put(f"{INV}/inventory_item/SKU2", json=ITEM)
    answer = api.get(f"{INV}/offer", params={"sku": "SKU2"})
    assert answer.status_code == 404 and error_id(answer) == 25713


def test_offers_of_a_sku_list_the_unpublished_offer(api, offer_id):
    found = api.get(f"{INV}/offer", params={"sku": "SKU1FR", "marketplace_id": "EBAY_FR"}).json()
    assert found["total"] == 1 and found["size"] == 1
    assert found["offers"][0]["offerId"] == offer_id and found["offers"][0]["status"] == "UNPUBLISHED"
    assert "listing" not in found["offers"][0]


def test_publish_answers_the_listing_id_and_the_offer_shows_it_active(api, offer_id, listing_id):
    offer = api.get(f"{INV}/offer/{offer_id}").json()
    assert offer["status"] == "PUBLISHED"
    assert offer["listing"] == {
        "listingId": listing_id,
        "listingStatus": "ACTIVE",
        "soldQuantity": 0,
        "listingOnHold": False,
    }


@pytest.mark.parametrize(
    "change, expected",
    [
        ({"merchantLocationKey": "nowhere"}, 25012),
        ({"categoryId": "260010"}, 25005),
        ({"pricingSummary": {"price": {"value": "0", "currency": "EUR"}}}, 25003),
        ({"pricingSummary": {"price": {"value": "10.00", "currency": "GBP"}}}, 25003),
        ({"availableQuantity": 0}, 25004),
        ({"listingDuration": "DAYS_7"}, 25016),
    ],
)
def test_publish_refuses_an_offer_with_the_first_failing_reason(api, policies, change, expected):
    api.put(f"{INV}/inventory_item/SKU3", json=ITEM)
    offer_id = api.post(f"{INV}/offer", json=offer_body("SKU3", policies, **change)).json()["offerId"]
    answer = api.post(f"{INV}/offer/{offer_id}/publish")
    assert answer.status_code == 400 and error_id(answer) == expected


@pytest.mark.parametrize("kind, expected", [("fulfillment", 25007), ("payment", 25008), ("return", 25009)])
def test_publish_without_a_policy_gives_its_error(api, policies, kind, expected):
    api.put(f"{INV}/inventory_item/SKU3", json=ITEM)
    without = {k: v for k, v in policies.items() if not k.startswith(kind)}
    offer_id = api.post(f"{INV}/offer", json=offer_body("SKU3", without)).json()["offerId"]
    assert error_id(api.post(f"{INV}/offer/{offer_id}/publish")) == expected


def test_publish_with_a_policy_of_another_marketplace_gives_25035(api, policies):
    de = api.post("/sell/account/v1/payment_policy", json={"name": "Pay DE", "marketplaceId": "EBAY_DE"})
    api.put(f"{INV}/inventory_item/SKU3", json=ITEM)
    offer = offer_body("SKU3", {**policies, "paymentPolicyId": de.json()["paymentPolicyId"]})
    offer_id = api.post(f"{INV}/offer", json=offer).json()["offerId"]
    assert error_id(api.post(f"{INV}/offer/{offer_id}/publish")) == 25035


@pytest.mark.parametrize(
    "change, expected",
    [
        (lambda item: item["product"].pop("imageUrls"), 25014),
        (lambda item: item["product"]["aspects"].pop("Couleur"), 25029),
        (lambda item: item.update(condition="USED_GOOD"), 25021),
        (lambda item: item["product"].pop("title"), 25017),
    ],
)
def test_publish_refuses_an_incomplete_item(api, policies, change, expected):
    item = copy.deepcopy(ITEM)
    change(item)
    api.put(f"{INV}/inventory_item/SKU4", json=item)
    offer_id = api.post(f"{INV}/offer", json=offer_body("SKU4", policies)).json()["offerId"]
    assert error_id(api.post(f"{INV}/offer/{offer_id}/publish")) == expected


def test_publish_of_a_published_offer_returns_the_same_listing_by_default(api, offer_id, listing_id):
    again = api.post(f"{INV}/offer/{offer_id}/publish")
    assert again.status_code == 200 and again.json()["listingId"] == listing_id


def test_publish_of_a_published_offer_in_error_mode_gives_25002(sandbox, api, offer_id, listing_id):
    sandbox.configure(publish_published="error")
    assert error_id(api.post(f"{INV}/offer/{offer_id}/publish")) == 25002


def test_withdraw_unpublishes_then_a_second_withdraw_gives_25713(api, offer_id, listing_id):
    first = api.post(f"{INV}/offer/{offer_id}/withdraw")
    assert first.status_code == 200 and first.json()["listingId"] == listing_id
    assert api.get(f"{INV}/offer/{offer_id}").json()["status"] == "UNPUBLISHED"
    assert error_id(api.post(f"{INV}/offer/{offer_id}/withdraw")) == 25713


def test_relist_after_withdraw_gives_a_new_listing_id_by_default(api, offer_id, listing_id):
    api.post(f"{INV}/offer/{offer_id}/withdraw")
    assert api.post(f"{INV}/offer/{offer_id}/publish").json()["listingId"] != listing_id


def test_relist_in_same_mode_gives_the_same_listing_id(sandbox, api, offer_id, listing_id):
    sandbox.configure(relist_listing_id="same")
    api.post(f"{INV}/offer/{offer_id}/withdraw")
    assert api.post(f"{INV}/offer/{offer_id}/publish").json()["listingId"] == listing_id


def test_offer_put_on_a_published_offer_needs_the_listing_description(api, offer_id, listing_id, policies):
    body = offer_body("SKU1FR", policies)
    body.pop("listingDescription")
    assert error_id(api.put(f"{INV}/offer/{offer_id}", json=body)) == 25017


def test_offer_put_replaces_the_offer_and_keeps_its_listing(api, offer_id, listing_id, policies):
    body = offer_body("SKU1FR", policies, pricingSummary={"price": {"value": "19.00", "currency": "EUR"}})
    assert api.put(f"{INV}/offer/{offer_id}", json=body).status_code == 204
    offer = api.get(f"{INV}/offer/{offer_id}").json()
    assert offer["pricingSummary"]["price"]["value"] == "19.00" and offer["listing"]["listingId"] == listing_id


def test_revision_past_the_daily_limit_gives_25019(sandbox, api, offer_id, listing_id, policies):
    sandbox.configure(revisions_per_day=2)
    body = offer_body("SKU1FR", policies)
    assert [api.put(f"{INV}/offer/{offer_id}", json=body).status_code for _ in range(2)] == [204, 204]
    assert error_id(api.put(f"{INV}/inventory_item/SKU1FR", json=ITEM)) == 25019


def test_offer_unknown_gives_404_25713(api):
    answer = api.get(f"{INV}/offer/999")
    assert answer.status_code == 404 and error_id(answer) == 25713


def test_item_delete_removes_its_offers_and_ends_the_listing(sandbox, api, offer_id, listing_id):
    assert api.call("DELETE", f"{INV}/inventory_item/SKU1FR").status_code == 204
    assert api.get(f"{INV}/offer/{offer_id}").status_code == 404
    assert sandbox.offers_of("alice_fr") == []


def test_another_sellers_offer_is_not_visible(sandbox, api, offer_id):
    from .helpers import Api, user_tokens

    sandbox.create_seller("bob_fr", "sandbox-pw")
    bob = Api(sandbox.url, user_tokens(sandbox, "bob_fr")["access_token"])
    assert bob.get(f"{INV}/offer/{offer_id}").status_code == 404
