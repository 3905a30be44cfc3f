"""Every path the sandbox answers, with the OAuth scope its bearer token needs."""

from functools import partial

from . import account, fulfillment, inventory, media, notification, oauth, taxonomy
from .web import Router, json_response

SCOPE = "https://api.ebay.com/oauth/api_scope"
INVENTORY, ACCOUNT, FULFILLMENT = f"{SCOPE}/sell.inventory", f"{SCOPE}/sell.account", f"{SCOPE}/sell.fulfillment"


def build() -> Router:
    r = Router()
    r.add("GET POST", "/oauth2/authorize", oauth.authorize, "oauth.consent")
    r.add("POST", "/identity/v1/oauth2/token", oauth.token, "oauth.token")
    acc = "/sell/account/v1"
    r.add("GET", f"{acc}/program/get_opted_in_programs", account.opted_in_programs, "account.programs", ACCOUNT)
    r.add("POST", f"{acc}/program/opt_in", account.opt_in, "account.opt_in", ACCOUNT)
    for kind in account.KINDS:
        r.add(
            "GET",
            f"{acc}/{kind}_policy",
            partial(account.list_policies, kind=kind),
            f"account.{kind}_policies",
            ACCOUNT,
        )
        r.add(
            "POST",
            f"{acc}/{kind}_policy",
            partial(account.create_policy, kind=kind),
            f"account.{kind}_policy_create",
            ACCOUNT,
        )
        r.add(
            "GET",
            f"{acc}/{kind}_policy/{{policy_id}}",
            partial(account.get_policy, kind=kind),
            f"account.{kind}_policy",
            ACCOUNT,
        )
        r.add(
            "DELETE",
            f"{acc}/{kind}_policy/{{policy_id}}",
            partial(account.delete_policy, kind=kind),
            f"account.{kind}_policy_delete",
            ACCOUNT,
        )
    inv = "/sell/inventory/v1"
    r.add("GET", f"{inv}/location", inventory.list_locations, "inventory.locations", INVENTORY)
    r.add("POST", f"{inv}/location/{{key}}", inventory.create_location, "inventory.location_create", INVENTORY)
    r.add("GET", f"{inv}/location/{{key}}", inventory.get_location, "inventory.location", INVENTORY)
    r.add("GET", f"{inv}/inventory_item", inventory.list_items, "inventory.items", INVENTORY)
    r.add("PUT", f"{inv}/inventory_item/{{sku}}", inventory.put_item, "inventory.item_put", INVENTORY)
    r.add("GET", f"{inv}/inventory_item/{{sku}}", inventory.get_item, "inventory.item", INVENTORY)
    r.add("DELETE", f"{inv}/inventory_item/{{sku}}", inventory.delete_item, "inventory.item_delete", INVENTORY)
    r.add("POST", f"{inv}/offer", inventory.create_offer, "inventory.offer_create", INVENTORY)
    r.add("GET", f"{inv}/offer", inventory.list_offers, "inventory.offers", INVENTORY)
    r.add("GET", f"{inv}/offer/{{offer_id}}", inventory.get_offer, "inventory.offer", INVENTORY)
    r.add("PUT", f"{inv}/offer/{{offer_id}}", inventory.put_offer, "inventory.offer_put", INVENTORY)
    r.add("DELETE", f"{inv}/offer/{{offer_id}}", inventory.delete_offer, "inventory.offer_delete", INVENTORY)
    r.add("POST", f"{inv}/offer/{{offer_id}}/publish", inventory.publish, "inventory.publish", INVENTORY)
    r.add("POST", f"{inv}/offer/{{offer_id}}/withdraw", inventory.withdraw, "inventory.withdraw", INVENTORY)
    med = "/commerce/media/v1_beta/image"
    r.add("POST", f"{med}/create_image_from_file", media.create_from_file, "media.create", INVENTORY)
    r.add("GET", f"{med}/{{image_id}}", media.get_image, "media.image", INVENTORY)
    r.add("GET", "/images/g/{number}/s-l1600.jpg", media.serve, "images")
    r.add("GET", "/itm/{listing_id}", inventory.listing_page, "listing.page")
    tax = "/commerce/taxonomy/v1"
    r.add("GET", f"{tax}/get_default_category_tree_id", taxonomy.default_tree, "taxonomy.default_tree", "app")
    r.add(
        "GET",
        f"{tax}/category_tree/{{tree_id}}/get_category_suggestions",
        taxonomy.suggestions,
        "taxonomy.suggestions",
        "app",
    )
    r.add(
        "GET",
        f"{tax}/category_tree/{{tree_id}}/get_item_aspects_for_category",
        taxonomy.item_aspects,
        "taxonomy.aspects",
        "app",
    )
    r.add(
        "GET",
        "/sell/metadata/v1/marketplace/{marketplace}/get_item_condition_policies",
        taxonomy.condition_policies,
        "metadata.conditions",
        "app",
    )
    r.add("GET", "/sell/fulfillment/v1/order", fulfillment.get_orders, "fulfillment.orders", FULFILLMENT)
    r.add("GET", "/sell/fulfillment/v1/order/{order_id}", fulfillment.get_order, "fulfillment.order", FULFILLMENT)
    r.add("GET", "/commerce/identity/v1/user/", identity, "identity.user", f"{SCOPE}/commerce.identity.readonly")
    r.add(
        "GET", "/commerce/notification/v1/public_key/{kid}", notification.public_key, "notification.public_key", "app"
    )
    return r


def identity(request, state, **_):
    """Commerce Identity getUser: who granted the token (not in ebay-api.md; shape from eBay's Identity API)."""
    seller = state.data["sellers"][request.token["username"]]
    return json_response(
        {
            "userId": seller["userId"],
            "username": seller["username"],
            "accountType": "INDIVIDUAL",
            "registrationMarketplaceId": "EBAY_FR",
        }
    )


def api_of(route_name: str) -> str:
    return route_name.split(".")[0]
