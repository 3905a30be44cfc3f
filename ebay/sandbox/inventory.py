"""Inventory API: locations, inventory items by SKU, offers, publish and withdraw (ebay-api §3.3, §4)."""

import html
import re
from decimal import Decimal, InvalidOperation

from . import errors, tree
from .web import empty, html_response, json_response

SKU = re.compile(r"^[A-Za-z0-9]{1,50}$")
CONDITIONS = {
    "NEW": "1000",
    "LIKE_NEW": "2750",
    "NEW_OTHER": "1500",
    "NEW_WITH_DEFECTS": "1750",
    "CERTIFIED_REFURBISHED": "2000",
    "EXCELLENT_REFURBISHED": "2010",
    "VERY_GOOD_REFURBISHED": "2020",
    "GOOD_REFURBISHED": "2030",
    "SELLER_REFURBISHED": "2500",
    "PRE_OWNED_EXCELLENT": "2990",
    "USED_EXCELLENT": "3000",
    "PRE_OWNED_FAIR": "3010",
    "USED_VERY_GOOD": "4000",
    "USED_GOOD": "5000",
    "USED_ACCEPTABLE": "6000",
    "FOR_PARTS_OR_NOT_WORKING": "7000",
}
LANGUAGES = {
    "en-GB": "EBAY_GB",
    "fr-FR": "EBAY_FR",
    "de-DE": "EBAY_DE",
    "it-IT": "EBAY_IT",
    "es-ES": "EBAY_ES",
    "en-US": "EBAY_US",
    "de-AT": "EBAY_AT",
    "nl-NL": "EBAY_NL",
    "en-IE": "EBAY_IE",
    "nl-BE": "EBAY_BE",
    "fr-BE": "EBAY_BE",
    "pl-PL": "EBAY_PL",
    "de-CH": "EBAY_CH",
}
CURRENCIES = {"EBAY_GB": "GBP", "EBAY_US": "USD", "EBAY_PL": "PLN", "EBAY_CH": "CHF"}


def _error(status, error_id, message, parameters=None):
    return errors.error(status, error_id, message, api="inventory", parameters=parameters)


def _invalid_sku():
    return _error(
        400,
        25707,
        "This is an invalid value for a SKU. Only alphanumeric characters can be used for "
        "SKUs, and their length must not exceed 50 characters",
    )


def _language(request):
    language = request.headers.get("Content-Language") or ""
    return language if language in LANGUAGES else None


def _json_body(request):
    if not (request.headers.get("Content-Type") or "").startswith("application/json"):
        return None, _error(415, 25709, "Invalid value for header Content-Type.")
    body = request.json()
    if not isinstance(body, dict):
        return None, _error(400, 25709, "Invalid value for request body.")
    return body, None


def _mine(state, request, bucket):
    return state.data[bucket][request.token["username"]]


# Locations -----------------------------------------------------------------------------------
def create_location(request, state, key, **_):
    if len(key) > 36:
        return _error(400, 25800, "Invalid merchantLocationKey.")
    body, refusal = _json_body(request)
    if refusal:
        return refusal
    address = (body.get("location") or {}).get("address") or {}
    if not address.get("country"):
        return _error(400, 25801, "Missing field country.")
    if not address.get("postalCode") and not (address.get("city") and address.get("stateOrProvince")):
        return _error(400, 25801, "Missing field postalCode.")
    with state.lock:
        mine = _mine(state, request, "locations")
        if key in mine:
            return _error(409, 25803, "Location Already Exists")
        mine[key] = {
            "merchantLocationKey": key,
            "merchantLocationStatus": "ENABLED",
            "locationTypes": ["WAREHOUSE"],
            **body,
        }
    return empty(204)


def get_location(request, state, key, **_):
    found = _mine(state, request, "locations").get(key)
    return json_response(found) if found else _error(404, 25805, "merchantLocationKey Not Found.")


def list_locations(request, state, **_):
    return json_response(_paged(request, list(_mine(state, request, "locations").values()), "locations"))


def _paged(request, rows, key):
    try:
        limit, offset = int(request.query.get("limit") or 25), int(request.query.get("offset") or 0)
    except ValueError:
        limit, offset = -1, -1
    if not 1 <= limit <= 200 or offset < 0:
        return None
    return {"total": len(rows), "limit": limit, "offset": offset, key: rows[offset : offset + limit]}


# Inventory items -----------------------------------------------------------------------------------
def put_item(request, state, sku, **_):
    if not SKU.match(sku):
        return _invalid_sku()
    language = _language(request)
    if language is None:
        # The errorId for a missing Content-Language is unknown (ebay-api §9.1.5): 25709.
        return _error(400, 25709, "Invalid value for header Content-Language.")
    body, refusal = _json_body(request)
    if refusal:
        return refusal
    if "condition" in body and body["condition"] not in CONDITIONS:
        return json_response({"errors": [{"message": "Could not serialize field [condition]"}]}, 400)
    product = body.get("product") or {}
    if len(product.get("title") or "") > 80:
        return _error(400, 25709, "Invalid value for title.")
    if len(product.get("imageUrls") or []) > 24:
        return _error(400, 25014, "The pictures are invalid.")
    with state.lock:
        mine = _mine(state, request, "items")
        revised = _revise_listings(state, request, sku=sku)
        if revised:
            return revised
        # A full replacement: what the body omits is gone.
        mine[sku] = {**body, "sku": sku, "locale": language.replace("-", "_")}
    return empty(204)


def get_item(request, state, sku, **_):
    if not SKU.match(sku):
        return _invalid_sku()
    found = _mine(state, request, "items").get(sku)
    return json_response(found) if found else _error(404, 25710, "We didn't find the entity you are requesting.")


def list_items(request, state, **_):
    page = _paged(request, list(_mine(state, request, "items").values()), "inventoryItems")
    return json_response(page) if page else _error(400, 25706, "You have provided invalid pagination values.")


def delete_item(request, state, sku, **_):
    with state.lock:
        if _mine(state, request, "items").pop(sku, None) is None:
            return _error(404, 25710, "We didn't find the entity you are requesting.")
        # Its offers go too; published ones end their listing (ebay-api §4.5).
        for offer_id in [
            o["offerId"]
            for o in state.data["offers"].values()
            if o["username"] == request.token["username"] and o["sku"] == sku
        ]:
            del state.data["offers"][offer_id]
    return empty(204)


# Offers -----------------------------------------------------------------------------------
def _offer_view(offer):
    return {k: v for k, v in offer.items() if k not in ("username", "listingIds")}


def create_offer(request, state, **_):
    if _language(request) is None:
        return _error(400, 25709, "Invalid value for header Content-Language.")
    body, refusal = _json_body(request)
    if refusal:
        return refusal
    for field in ("sku", "marketplaceId", "format"):
        if not body.get(field):
            return _error(400, 25709, f"Invalid value for {field}.")
    if body["format"] not in ("FIXED_PRICE", "AUCTION"):
        return _error(400, 25709, "Invalid value for format.")
    username = request.token["username"]
    with state.lock:
        if body["sku"] not in state.data["items"][username]:
            return _error(400, 25702, f"{body['sku']} could not be found or is not available in the system")
        for offer in state.data["offers"].values():
            if (offer["username"], offer["sku"], offer["marketplaceId"], offer["format"]) == (
                username,
                body["sku"],
                body["marketplaceId"],
                body["format"],
            ):
                return _error(
                    400,
                    25002,
                    "A user error has occurred. Offer entity already exists.",
                    parameters=[{"name": "offerId", "value": offer["offerId"]}],
                )
        offer_id = state.next_id("offer")
        state.data["offers"][offer_id] = {
            **body,
            "offerId": offer_id,
            "username": username,
            "status": "UNPUBLISHED",
            "listingIds": [],
        }
    return json_response({"offerId": offer_id, "warnings": []}, 201)


def _offer(state, request, offer_id):
    offer = state.data["offers"].get(offer_id)
    if offer is None or offer["username"] != request.token["username"]:
        return None
    return offer


def _not_available(what="offerId"):
    return _error(404, 25713, f"This Offer is not available : {what}")


def list_offers(request, state, **_):
    sku = request.query.get("sku")
    if not sku:
        return _invalid_sku()
    marketplace = request.query.get("marketplace_id")
    found = [
        _offer_view(o)
        for o in state.data["offers"].values()
        if o["username"] == request.token["username"]
        and o["sku"] == sku
        and (not marketplace or o["marketplaceId"] == marketplace)
        and (not request.query.get("format") or o["format"] == request.query["format"])
    ]
    if not found:  # not an empty list (ebay-api §4.6, 25713)
        return _not_available("sku")
    page = _paged(request, found, "offers")
    if page is None:
        return _error(400, 25706, "You have provided invalid pagination values.")
    page.update(size=len(page["offers"]), href=request.base_url + request.path)
    return json_response(page)


def get_offer(request, state, offer_id, **_):
    offer = _offer(state, request, offer_id)
    return json_response(_offer_view(offer)) if offer else _not_available()


def put_offer(request, state, offer_id, **_):
    if _language(request) is None:
        return _error(400, 25709, "Invalid value for header Content-Language.")
    body, refusal = _json_body(request)
    if refusal:
        return refusal
    with state.lock:
        offer = _offer(state, request, offer_id)
        if offer is None:
            return _not_available()
        if offer["status"] == "PUBLISHED" and not body.get("listingDescription"):
            return _error(400, 25017, "Missing information in field listingDescription.")
        revised = _revise_listings(state, request, offer=offer)
        if revised:
            return revised
        keep = {
            k: offer[k]
            for k in ("offerId", "username", "status", "listingIds", "sku", "marketplaceId", "format", "listing")
            if k in offer
        }
        offer.clear()
        offer.update({**body, **keep})  # a full replacement of what the seller may change
    return empty(204)


def delete_offer(request, state, offer_id, **_):
    with state.lock:
        if _offer(state, request, offer_id) is None:
            return _not_available()
        del state.data["offers"][offer_id]
    return empty(204)


def _revise_listings(state, request, *, sku=None, offer=None):
    """Count one revision on each live listing the write changes; the 251st of a day is refused."""
    offers = (
        [offer]
        if offer
        else [
            o for o in state.data["offers"].values() if o["username"] == request.token["username"] and o["sku"] == sku
        ]
    )
    day = state.iso()[:10]
    live = [o for o in offers if o["status"] == "PUBLISHED"]
    for o in live:
        key = f"{o['listing']['listingId']}|{day}"
        if state.data["revisions"].get(key, 0) >= state.config["revisions_per_day"]:
            # The errorId for the revision limit is unknown (ebay-api §9.1.23): 25019.
            return _error(
                400, 25019, "Cannot revise the listing. The listing has reached its revision limit for today."
            )
    for o in live:
        key = f"{o['listing']['listingId']}|{day}"
        state.data["revisions"][key] = state.data["revisions"].get(key, 0) + 1
    return None


def _amount(value) -> Decimal | None:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def publish_problems(state, offer) -> tuple[int, str] | None:
    """The first reason publish refuses the offer, as (errorId, message); the ids are ebay-api §9.1.10's."""
    username, marketplace = offer["username"], offer["marketplaceId"]
    item = state.data["items"][username].get(offer["sku"], {})
    product = item.get("product") or {}
    policies = offer.get("listingPolicies") or {}
    mine = state.data["policies"][username]
    category = offer.get("categoryId") or ""
    lang = tree.lang_of(marketplace) if marketplace in tree.TREES else "en"
    price = _amount(((offer.get("pricingSummary") or {}).get("price") or {}).get("value"))
    quantity = offer.get(
        "availableQuantity", ((item.get("availability") or {}).get("shipToLocationAvailability") or {}).get("quantity")
    )
    checks = [
        (
            not category or category not in tree.NODES or not tree.is_leaf(category),
            25005,
            "The category ID is invalid or is not a leaf category.",
        ),
    ]
    for kind, error_id in (("fulfillment", 25007), ("payment", 25008), ("return", 25009)):
        policy_id = policies.get(f"{kind}PolicyId")
        match = next((p for p in mine[kind] if p[f"{kind}PolicyId"] == policy_id), None)
        checks.append(
            (not policy_id or match is None, error_id, f"Please provide valid {kind.capitalize()} policy information.")
        )
        checks.append(
            (
                match is not None and match["marketplaceId"] != marketplace,
                25035,
                f"The specified {kind} policy was not found for the marketplace.",
            )
        )
    checks += [
        (
            offer.get("merchantLocationKey") not in state.data["locations"][username],
            25012,
            "Invalid inventory location. Please provide a valid merchantLocationKey.",
        ),
        (price is None or price <= 0, 25003, "The price is invalid."),
        (quantity is None or int(quantity) <= 0, 25004, "The quantity is invalid."),
        (not product.get("title"), 25017, "Missing information in field title."),
        (
            not (offer.get("listingDescription") or product.get("description")),
            25017,
            "Missing information in field description.",
        ),
        (not item.get("condition"), 25017, "Missing information in field condition."),
        (
            bool(item.get("condition"))
            and category in tree.NODES
            and tree.is_leaf(category)
            and CONDITIONS.get(item.get("condition")) not in tree.CLOTHING_CONDITIONS,
            25021,
            "The item condition id is invalid for the selected primary category id.",
        ),
        (not product.get("imageUrls"), 25014, "The pictures are invalid. Add at least 1 photo."),
    ]
    if category in tree.NODES and tree.is_leaf(category):
        given = {k for k, v in (product.get("aspects") or {}).items() if v}
        missing = [a for a in tree.required_aspects(category, lang) if a not in given]
        checks.append((bool(missing), 25029, f"{missing[0] if missing else ''} is required for this category."))
    checks.append(
        (
            offer.get("format") == "FIXED_PRICE" and offer.get("listingDuration") != "GTC",
            25016,
            "The listingDuration value is invalid.",
        )
    )
    if offer.get("pricingSummary") and price is not None:
        currency = offer["pricingSummary"]["price"].get("currency")
        checks.append((currency != CURRENCIES.get(marketplace, "EUR"), 25003, "The currency is invalid."))
    return next(((error_id, message) for failed, error_id, message in checks if failed), None)


def publish(request, state, offer_id, **_):
    with state.lock:
        offer = _offer(state, request, offer_id)
        if offer is None:
            return _not_available()
        if offer["status"] == "PUBLISHED":
            # Real behaviour unknown (ebay-api §4.5): switchable.
            if state.config["publish_published"] == "same":
                return json_response({"listingId": offer["listing"]["listingId"], "warnings": []})
            return _error(400, 25002, "A user error has occurred. The offer is already published.")
        problem = publish_problems(state, offer)
        if problem:
            return _error(400, problem[0], problem[1])
        if offer["listingIds"] and state.config["relist_listing_id"] == "same":
            listing_id = offer["listingIds"][-1]
        else:
            listing_id = state.next_id("listing")
            offer["listingIds"].append(listing_id)
        offer["status"] = "PUBLISHED"
        offer["listing"] = {
            "listingId": listing_id,
            "listingStatus": "ACTIVE",
            "soldQuantity": 0,
            "listingOnHold": False,
        }
    return json_response({"listingId": listing_id, "warnings": []})


def withdraw(request, state, offer_id, **_):
    with state.lock:
        offer = _offer(state, request, offer_id)
        if offer is None:
            return _not_available()
        if offer["status"] != "PUBLISHED":
            return _error(400, 25713, "This Offer is not available : the offer is not published.")
        listing_id = offer["listing"]["listingId"]
        offer["status"] = "UNPUBLISHED"
        offer.pop("listing")
    return json_response({"listingId": listing_id, "warnings": []})


def find_listing(state, listing_id):
    return next(
        (
            o
            for o in state.data["offers"].values()
            if o["status"] == "PUBLISHED" and o["listing"]["listingId"] == listing_id
        ),
        None,
    )


def listing_page(request, state, listing_id, **_):
    """The buyer's page of a listing (eBay's `/itm/{legacyItemId}`): title, price, pictures, status. A listing
    that ended still has its page, saying so, as eBay's does."""
    with state.lock:
        offer = next(
            (o for o in state.data["offers"].values() if listing_id in o.get("listingIds", [])),
            None,
        )
        if offer is None:
            return html_response("<!doctype html><title>Item not found</title><h1>Item not found</h1>", 404)
        item = state.data["items"][offer["username"]].get(offer["sku"], {})
        live = offer["status"] == "PUBLISHED" and offer["listing"]["listingId"] == listing_id
        status = offer["listing"]["listingStatus"] if live else "ENDED"
    product = item.get("product") or {}
    price = (offer.get("pricingSummary") or {}).get("price") or {}
    pictures = "".join(f'<img src="{html.escape(u)}" alt="" width="300">' for u in product.get("imageUrls") or [])
    return html_response(
        "<!doctype html><meta name=viewport content='width=device-width'>"
        f"<title>{html.escape(product.get('title', ''))}</title>"
        f"<h1 data-title>{html.escape(product.get('title', ''))}</h1>"
        f"<p data-price>{html.escape(str(price.get('value', '')))} {html.escape(str(price.get('currency', '')))}</p>"
        f"<p data-status>{html.escape(status)}</p>"
        f"<p>{html.escape(offer['marketplaceId'])} · item {html.escape(listing_id)}</p>{pictures}"
    )
