import pytest
import requests

from .helpers import ITEM, error_id, offer_body

INV = "/sell/inventory/v1"


def test_rate_limited_fault_answers_429_2001_without_acting(sandbox, api):
    sandbox.add_fault("rate_limited", route="inventory.item_put", username="alice_fr")
    answer = api.put(f"{INV}/inventory_item/SKU1", json=ITEM)
    assert answer.status_code == 429 and error_id(answer) == 2001
    assert api.get(f"{INV}/inventory_item/SKU1").status_code == 404
    assert api.put(f"{INV}/inventory_item/SKU1", json=ITEM).status_code == 204  # used up after once


def test_error_after_commit_answers_500_25001_but_the_offer_exists(sandbox, api, policies):
    api.put(f"{INV}/inventory_item/SKU1", json=ITEM)
    sandbox.add_fault("error_after_commit", route="inventory.offer_create")
    answer = api.post(f"{INV}/offer", json=offer_body("SKU1", policies))
    assert answer.status_code == 500 and error_id(answer) == 25001
    assert api.get(f"{INV}/offer", params={"sku": "SKU1"}).json()["total"] == 1


def test_drop_after_commit_loses_the_publish_response_but_the_offer_is_published(sandbox, api, offer_id):
    sandbox.add_fault("drop_after_commit", route="inventory.publish")
    with pytest.raises(requests.ConnectionError):
        api.post(f"{INV}/offer/{offer_id}/publish")
    offer = api.get(f"{INV}/offer/{offer_id}").json()
    assert offer["status"] == "PUBLISHED" and offer["listing"]["listingId"]


def test_reset_before_closes_the_connection_without_acting(sandbox, api, offer_id):
    sandbox.add_fault("reset_before", route="inventory.publish")
    with pytest.raises(requests.ConnectionError):
        api.post(f"{INV}/offer/{offer_id}/publish")
    assert api.get(f"{INV}/offer/{offer_id}").json()["status"] == "UNPUBLISHED"


def test_invalid_token_fault_answers_401_1001_to_a_good_token(sandbox, api):
    sandbox.add_fault("invalid_token", route="inventory.*", username="alice_fr")
    assert error_id(api.get(f"{INV}/location")) == 1001
    assert api.get(f"{INV}/location").status_code == 200


def test_validation_fault_refuses_publish_with_the_given_error(sandbox, api, offer_id):
    sandbox.add_fault("validation", route="inventory.publish", error_id=25002, message="Add at least 1 photo.")
    answer = api.post(f"{INV}/offer/{offer_id}/publish")
    assert answer.status_code == 400 and error_id(answer) == 25002
    assert answer.json()["errors"][0]["message"] == "Add at least 1 photo."
    assert api.get(f"{INV}/offer/{offer_id}").json()["status"] == "UNPUBLISHED"


def test_warning_fault_turns_a_204_into_200_with_warnings(sandbox, api):
    sandbox.add_fault("warning", route="inventory.item_put")
    answer = api.put(f"{INV}/inventory_item/SKU1", json=ITEM)
    assert answer.status_code == 200 and answer.json()["warnings"][0]["errorId"] == 25402
    assert api.get(f"{INV}/inventory_item/SKU1").status_code == 200


def test_fault_for_another_seller_does_not_fire(sandbox, api):
    sandbox.add_fault("system_error", username="bob_fr", times=None)
    assert api.get(f"{INV}/location").status_code == 200


def test_fault_times_none_fires_until_removed(sandbox, api):
    sandbox.add_fault("concurrent", route="inventory.locations", times=None)
    assert [error_id(api.get(f"{INV}/location")) for _ in range(3)] == [25025] * 3
    requests.delete(f"{sandbox.url}/__sandbox__/faults", timeout=5)
    assert api.get(f"{INV}/location").status_code == 200


def test_token_endpoint_fault_answers_500(sandbox, tokens):
    from .helpers import token

    sandbox.add_fault("system_error", route="oauth.token")
    assert token(sandbox, grant_type="refresh_token", refresh_token=tokens["refresh_token"]).status_code == 500


def test_controls_over_http_add_a_fault_and_buy(sandbox, api, listing_id):
    added = requests.post(
        f"{sandbox.url}/__sandbox__/faults", timeout=5, json={"mode": "rate_limited", "route": "fulfillment.orders"}
    )
    assert added.status_code == 201
    assert requests.post(f"{sandbox.url}/__sandbox__/faults", json={"mode": "nope"}, timeout=5).status_code == 400
    bought = requests.post(f"{sandbox.url}/__sandbox__/listings/{listing_id}/buy", json={}, timeout=5)
    assert bought.status_code == 201
    assert api.get("/sell/fulfillment/v1/order").status_code == 429
    assert api.get("/sell/fulfillment/v1/order").json()["total"] == 1


def test_request_log_keeps_content_language_per_seller(sandbox, api):
    api.put(f"{INV}/inventory_item/SKU1", json=ITEM)
    logged = [r for r in sandbox.requests_of("alice_fr") if r["route"] == "inventory.item_put"]
    assert logged[-1]["headers"]["Content-Language"] == "fr-FR" and logged[-1]["status"] == 204
