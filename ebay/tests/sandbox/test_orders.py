import pytest

from .helpers import error_id

ORDERS = "/sell/fulfillment/v1/order"


def test_buying_a_listing_makes_a_paid_order_and_sells_the_last_unit(sandbox, api, offer_id, listing_id):
    order = sandbox.buy(listing_id)
    line = order["lineItems"][0]
    assert order["orderPaymentStatus"] == "PAID" and order["cancelStatus"]["cancelState"] == "NONE_REQUESTED"
    assert line["sku"] == "SKU1FR" and line["legacyItemId"] == listing_id and line["quantity"] == 1
    assert line["lineItemCost"] == {"value": "24.90", "currency": "EUR"}
    assert order["totalMarketplaceFee"]["currency"] == "EUR"
    offer = api.get(f"/sell/inventory/v1/offer/{offer_id}").json()
    assert offer["listing"]["soldQuantity"] == 1 and offer["listing"]["listingStatus"] == "OUT_OF_STOCK"
    with pytest.raises(LookupError):
        sandbox.buy(listing_id)


def test_sold_out_status_can_be_ended(sandbox, api, offer_id, listing_id):
    sandbox.configure(sold_out_status="ENDED")
    sandbox.buy(listing_id)
    assert api.get(f"/sell/inventory/v1/offer/{offer_id}").json()["listing"]["listingStatus"] == "ENDED"


def test_get_orders_by_last_modified_date_sees_changes_after_the_cursor(sandbox, api, listing_id):
    order = sandbox.buy(listing_id, paid=False)
    sandbox.advance_clock(120)
    cursor = sandbox.state.iso()
    assert api.get(ORDERS, params={"filter": f"lastmodifieddate:[{cursor}..]"}).json()["total"] == 0
    sandbox.advance_clock(60)
    paid = sandbox.change_order(order["orderId"], "pay")
    found = api.get(ORDERS, params={"filter": f"lastmodifieddate:[{cursor}..]"}).json()
    assert [o["orderId"] for o in found["orders"]] == [order["orderId"]]
    assert found["orders"][0]["orderPaymentStatus"] == "PAID"
    assert found["orders"][0]["lastModifiedDate"] == paid["lastModifiedDate"] > order["lastModifiedDate"]


def test_get_orders_percent_encoded_filter_is_decoded(sandbox, api, listing_id):
    sandbox.buy(listing_id)
    url = f"{api.base}{ORDERS}?filter=lastmodifieddate:%5B2020-01-01T00:00:00.000Z..%5D&limit=200"
    import requests

    answer = requests.get(url, headers={"Authorization": f"Bearer {api.access_token}"}, timeout=5).json()
    assert answer["total"] == 1 and answer["limit"] == 200


def test_get_orders_with_limit_201_gives_31100(api):
    answer = api.get(ORDERS, params={"limit": "201"})
    assert answer.status_code == 400 and error_id(answer) == 31100


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("shipdate:[2026-01-01T00:00:00.000Z..]", 30700),
        ("lastmodifieddate:[2026-01-01..]", 30810),
        ("lastmodifieddate:[..2026-01-01T00:00:00.000Z]", 30820),
    ],
)
def test_get_orders_with_a_bad_filter_gives_its_error(api, raw, expected):
    assert error_id(api.get(ORDERS, params={"filter": raw})) == expected


def test_cancelling_an_order_marks_it_and_moves_last_modified(sandbox, api, listing_id):
    order = sandbox.buy(listing_id)
    sandbox.advance_clock(5)
    cancelled = sandbox.change_order(order["orderId"], "cancel")
    assert cancelled["cancelStatus"]["cancelState"] == "CANCELED"
    assert api.get(f"{ORDERS}/{order['orderId']}").json()["lastModifiedDate"] > order["lastModifiedDate"]


def test_get_order_unknown_gives_404_32100(api):
    answer = api.get(f"{ORDERS}/12-00000-00000")
    assert answer.status_code == 404 and error_id(answer) == 32100
