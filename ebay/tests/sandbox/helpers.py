import base64
import io
from urllib.parse import parse_qs, urlsplit

import requests
from PIL import Image

from ebay.sandbox.state import LOCAL_APP

SCOPE = "https://api.ebay.com/oauth/api_scope"
USER_SCOPES = [f"{SCOPE}/sell.inventory", f"{SCOPE}/sell.account", f"{SCOPE}/sell.fulfillment"]
PASSWORD = "sandbox-pw"


def basic(client_id=LOCAL_APP["client_id"], secret=LOCAL_APP["client_secret"]) -> str:
    return "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()


def consent(sandbox, username, *, state="st-1", scopes=USER_SCOPES, password=PASSWORD, decision="accept"):
    """Sign in on the consent page and agree; the redirect it answers with."""
    form = {
        "client_id": LOCAL_APP["client_id"],
        "redirect_uri": LOCAL_APP["runame"],
        "response_type": "code",
        "scope": " ".join(scopes),
        "state": state,
        "username": username,
        "password": password,
        "decision": decision,
    }
    return requests.post(f"{sandbox.url}/oauth2/authorize", data=form, allow_redirects=False, timeout=5)


def code_of(response) -> str:
    return parse_qs(urlsplit(response.headers["Location"]).query)["code"][0]


def token(sandbox, **form):
    return requests.post(
        f"{sandbox.url}/identity/v1/oauth2/token", data=form, timeout=5, headers={"Authorization": basic()}
    )


def user_tokens(sandbox, username, scopes=USER_SCOPES) -> dict:
    code = code_of(consent(sandbox, username, scopes=scopes))
    return token(sandbox, grant_type="authorization_code", code=code, redirect_uri=LOCAL_APP["runame"]).json()


def app_token(sandbox) -> str:
    return token(sandbox, grant_type="client_credentials", scope=SCOPE).json()["access_token"]


def jpeg(width=800, height=600) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (120, 80, 40)).save(out, "JPEG")
    return out.getvalue()


class Api:
    """A bearer-token client for the sandbox's REST APIs."""

    def __init__(self, base: str, access_token: str, language: str = "fr-FR"):
        self.base, self.access_token, self.language = base, access_token, language

    def call(self, method, path, json=None, headers=None, **kwargs):
        sent = {"Authorization": f"Bearer {self.access_token}", **(headers or {})}
        if json is not None:
            sent.setdefault("Content-Type", "application/json")
            sent.setdefault("Content-Language", self.language)
        return requests.request(method, self.base + path, json=json, headers=sent, timeout=5, **kwargs)

    def get(self, path, **kwargs):
        return self.call("GET", path, **kwargs)

    def post(self, path, json=None, **kwargs):
        return self.call("POST", path, json=json, **kwargs)

    def put(self, path, json=None, **kwargs):
        return self.call("PUT", path, json=json, **kwargs)


def error_id(response) -> int:
    return response.json()["errors"][0]["errorId"]


ITEM = {
    "availability": {"shipToLocationAvailability": {"quantity": 1}},
    "condition": "PRE_OWNED_EXCELLENT",
    "conditionDescription": "Portée deux fois.",
    "product": {
        "title": "Veste en jean Levi's taille M",
        "description": "<p>Veste en jean.</p>",
        "aspects": {
            "Marque": ["Levi's"],
            "Taille": ["M"],
            "Type de taille": ["Standard"],
            "Couleur": ["Bleu"],
            "Département": ["Femme"],
            "Type": ["Veste"],
        },
        "imageUrls": ["https://i.ebayimg.com/images/g/abc/s-l1600.jpg"],
    },
}


def prepare_seller(api) -> dict:
    """Opt in, one policy of each kind on EBAY_FR and a location: what publish needs besides the item."""
    api.post("/sell/account/v1/program/opt_in", json={"programType": "SELLING_POLICY_MANAGEMENT"})
    common = {"marketplaceId": "EBAY_FR", "categoryTypes": [{"name": "ALL_EXCLUDING_MOTORS_VEHICLES"}]}
    ids = {}
    for kind, extra in (
        ("fulfillment", {"handlingTime": {"unit": "DAY", "value": 2}}),
        ("payment", {"immediatePay": True}),
        ("return", {"returnsAccepted": True, "returnPeriod": {"value": 30, "unit": "DAY"}}),
    ):
        created = api.post(f"/sell/account/v1/{kind}_policy", json={"name": f"{kind} FR", **common, **extra})
        ids[f"{kind}PolicyId"] = created.json()[f"{kind}PolicyId"]
    api.post(
        "/sell/inventory/v1/location/homefr",
        json={
            "location": {"address": {"postalCode": "75011", "country": "FR"}},
            "locationTypes": ["WAREHOUSE"],
            "name": "Home",
        },
    )
    return ids


def offer_body(sku, policies, **changes) -> dict:
    return {
        "sku": sku,
        "marketplaceId": "EBAY_FR",
        "format": "FIXED_PRICE",
        "availableQuantity": 1,
        "categoryId": "63862",
        "listingDuration": "GTC",
        "listingDescription": "<p>Veste en jean.</p>",
        "listingPolicies": policies,
        "pricingSummary": {"price": {"value": "24.90", "currency": "EUR"}},
        "merchantLocationKey": "homefr",
        **changes,
    }


HOME = {"location": {"address": {"postalCode": "75011", "country": "FR"}}, "locationTypes": ["WAREHOUSE"]}


def seller_ready(client) -> dict:
    """Through Stoflow's client: opted in to business policies, one of each kind on EBAY_FR and the
    "homefr" location; the policy ids as an offer names them."""
    client.opt_in_business_policies()
    policies = {}
    for kind in ("fulfillment", "payment", "return"):
        answer = client._call(
            "POST",
            client._api(f"/sell/account/v1/{kind}_policy"),
            write=True,
            json_body={
                "name": f"{kind} FR",
                "marketplaceId": "EBAY_FR",
                "returnsAccepted": True,
                "returnPeriod": {"value": 30, "unit": "DAY"},
            },
        )
        policies[f"{kind}PolicyId"] = answer.data[f"{kind}PolicyId"]
    client.create_location("homefr", HOME)
    return policies
