"""Orders: a buyer's purchase on a listing (a control), and the Fulfillment API's getOrders / getOrder
(ebay-api §7.1)."""

import re
import secrets
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal

from . import errors, inventory
from .web import json_response

FILTER = re.compile(r"^(creationdate|lastmodifieddate|orderfulfillmentstatus):(.+)$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$")
FULFILLMENT_SETS = ({"NOT_STARTED", "IN_PROGRESS"}, {"FULFILLED", "IN_PROGRESS"})


def _error(status, error_id, message):
    return errors.error(status, error_id, message, api="fulfillment")


def _money(value: Decimal, currency: str) -> dict:
    return {"value": str(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)), "currency": currency}


def buy(state, listing_id: str, *, quantity: int = 1, buyer: str = "", paid: bool = True) -> dict:
    """A buyer purchases `quantity` of a live listing: an order, one unit less, soldQuantity up."""
    with state.lock:
        offer = inventory.find_listing(state, listing_id)
        if offer is None or offer["listing"]["listingStatus"] != "ACTIVE":
            raise LookupError(f"listing {listing_id} is not for sale")
        item = state.data["items"][offer["username"]][offer["sku"]]
        available = int(offer.get("availableQuantity") or 0)
        if quantity < 1 or quantity > available:
            raise ValueError(f"only {available} available")
        offer["availableQuantity"] = available - quantity
        item.setdefault("availability", {}).setdefault("shipToLocationAvailability", {})["quantity"] = (
            available - quantity
        )
        offer["listing"]["soldQuantity"] += quantity
        if offer["availableQuantity"] == 0:
            offer["listing"]["listingStatus"] = state.config["sold_out_status"]
        price = Decimal(offer["pricingSummary"]["price"]["value"])
        currency = offer["pricingSummary"]["price"]["currency"]
        subtotal = price * quantity
        shipping = Decimal("4.90")
        total = subtotal + shipping
        fee = total * Decimal(state.config["fee_rate"])
        now = state.iso()
        order_id = f"{state.next_id('order')[-2:]}-{secrets.randbelow(10**5):05d}-{secrets.randbelow(10**5):05d}"
        seller = state.data["sellers"][offer["username"]]
        order = {
            "orderId": order_id,
            "legacyOrderId": f"{listing_id}-{secrets.randbelow(10**12)}",
            "creationDate": now,
            "lastModifiedDate": now,
            "orderFulfillmentStatus": "NOT_STARTED",
            "orderPaymentStatus": "PAID" if paid else "PENDING",
            "sellerId": seller["username"],
            "buyer": {"username": buyer or f"buyer_{secrets.token_hex(3)}"},
            "pricingSummary": {
                "priceSubtotal": _money(subtotal, currency),
                "deliveryCost": _money(shipping, currency),
                "total": _money(total, currency),
            },
            "cancelStatus": {"cancelState": "NONE_REQUESTED", "cancelRequests": []},
            "paymentSummary": {"totalDueSeller": _money(total - fee, currency), "payments": [], "refunds": []},
            "totalFeeBasisAmount": _money(total, currency),
            "totalMarketplaceFee": _money(fee, currency),
            "salesRecordReference": str(state.data["counters"]["order"]),
            "lineItems": [
                {
                    "lineItemId": state.next_id("order") + "0001",
                    "sku": offer["sku"],
                    "legacyItemId": listing_id,
                    "title": (item.get("product") or {}).get("title", ""),
                    "quantity": quantity,
                    "lineItemCost": _money(subtotal, currency),
                    "discountedLineItemCost": _money(subtotal, currency),
                    "deliveryCost": {"shippingCost": _money(shipping, currency)},
                    "total": _money(total, currency),
                    "lineItemFulfillmentStatus": "NOT_STARTED",
                    "listingMarketplaceId": offer["marketplaceId"],
                    "purchaseMarketplaceId": offer["marketplaceId"],
                    "soldFormat": "FIXED_PRICE",
                    "refunds": [],
                    "taxes": [],
                    "ebayCollectAndRemitTaxes": [],
                }
            ],
            "_seller": offer["username"],
        }
        state.data["orders"][order_id] = order
        return _view(order)


def change(state, order_id: str, action: str) -> dict:
    """pay / ship / cancel an order; each moves lastModifiedDate."""
    with state.lock:
        order = state.data["orders"].get(order_id)
        if order is None:
            raise LookupError(order_id)
        if action == "pay":
            order["orderPaymentStatus"] = "PAID"
        elif action == "ship":
            order["orderFulfillmentStatus"] = "FULFILLED"
            for line in order["lineItems"]:
                line["lineItemFulfillmentStatus"] = "FULFILLED"
        elif action == "cancel":
            order["cancelStatus"]["cancelState"] = "CANCELED"
            order["orderPaymentStatus"] = (
                "FULLY_REFUNDED" if order["orderPaymentStatus"] == "PAID" else order["orderPaymentStatus"]
            )
        else:
            raise ValueError(action)
        order["lastModifiedDate"] = state.iso()
        return _view(order)


def _view(order):
    return {k: v for k, v in order.items() if not k.startswith("_")}


def _parse_time(text):
    return datetime.strptime(text.rstrip("Z").split(".")[0], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=UTC)


def _parse_filter(raw: str, state):
    """[(field, test)] or an error response; brackets arrive percent-decoded."""
    tests = []
    for part in [p for p in re.split(r",(?![^\[{]*[\]}])", raw) if p]:
        found = FILTER.match(part.strip())
        if not found:
            return None, _error(400, 30700, "Invalid filter name.")
        field, value = found.groups()
        if field == "orderfulfillmentstatus":
            wanted = set(value.strip("{}").split("|"))
            if not value.startswith("{") or wanted not in FULFILLMENT_SETS:
                return None, _error(400, 30800, "Invalid filter value.")
            tests.append((field, wanted))
            continue
        if not (value.startswith("[") and value.endswith("]") and ".." in value):
            return None, _error(400, 30800, "Invalid filter value.")
        start, _, end = value[1:-1].partition("..")
        if not start:
            return None, _error(400, 30820, "Start date is missing.")
        if not DATE.match(start) or (end and not DATE.match(end)):
            return None, _error(400, 30810, "Invalid date format.")
        start_at, end_at = _parse_time(start), _parse_time(end) if end else None
        if end_at and start_at > end_at:
            return None, _error(400, 30840, "Start date is after the end date.")
        if start_at.timestamp() > state.now() + 60:
            return None, _error(400, 30850, "Dates cannot be in the future.")
        tests.append((field, (start_at, end_at)))
    return tests, None


def get_orders(request, state, **_):
    try:
        limit = int(request.query.get("limit") or 50)
    except ValueError:
        limit = 0
    if not 1 <= limit <= 200:
        return _error(400, 31100, "Invalid limit. Supported ranges 1 - 200.")
    try:
        offset = int(request.query.get("offset") or 0)
    except ValueError:
        offset = -1
    if offset < 0:
        return _error(400, 31000, "Invalid offset.")
    mine = [o for o in state.data["orders"].values() if o["_seller"] == request.token["username"]]
    if request.query.get("orderIds"):
        ids = request.query["orderIds"].split(",")
        if len(ids) > 50:
            return _error(400, 30900, "Maximum number of order IDs exceeded. Maximum is 50.")
        found = [o for o in mine if o["orderId"] in ids]
    else:
        tests, refusal = _parse_filter(request.query.get("filter", ""), state)
        if refusal:
            return refusal
        if any(f == "creationdate" for f, _ in tests):  # both dates given: creationdate wins
            tests = [(f, t) for f, t in tests if f != "lastmodifieddate"]
        if not any(f in ("creationdate", "lastmodifieddate") for f, _ in tests):
            tests.append(("creationdate", (datetime.fromtimestamp(state.now() - 90 * 86400, tz=UTC), None)))
        found = [o for o in mine if all(_passes(o, f, t) for f, t in tests)]
    found.sort(key=lambda o: o["creationDate"])
    page = found[offset : offset + limit]
    base = f"{request.base_url}{request.path}"
    answer = {
        "href": f"{base}?limit={limit}&offset={offset}",
        "limit": limit,
        "offset": offset,
        "total": len(found),
        "orders": [_view(o) for o in page],
        "warnings": [],
    }
    if offset + limit < len(found):
        answer["next"] = f"{base}?limit={limit}&offset={offset + limit}"
    if offset:
        answer["prev"] = f"{base}?limit={limit}&offset={max(0, offset - limit)}"
    return json_response(answer)


def _passes(order, field, test):
    if field == "orderfulfillmentstatus":
        return order["orderFulfillmentStatus"] in test
    moment = _parse_time(order["creationDate" if field == "creationdate" else "lastModifiedDate"])
    start, end = test
    return moment >= start and (end is None or moment <= end)


def get_order(request, state, order_id, **_):
    order = state.data["orders"].get(order_id)
    if order is None or order["_seller"] != request.token["username"]:
        return _error(404, 32100, "Invalid order ID: " + order_id)
    return json_response(_view(order))
