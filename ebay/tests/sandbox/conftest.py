import pytest

from ebay.sandbox.server import EbaySandbox

from .helpers import ITEM, PASSWORD, Api, offer_body, prepare_seller, user_tokens


@pytest.fixture
def sandbox():
    server = EbaySandbox(port=0, accept_url="http://127.0.0.1:9/ebay/consent/accepted").start()
    yield server
    server.stop()


@pytest.fixture
def seller(sandbox):
    return sandbox.create_seller("alice_fr", PASSWORD)


@pytest.fixture
def tokens(sandbox, seller):
    return user_tokens(sandbox, "alice_fr")


@pytest.fixture
def api(sandbox, tokens) -> Api:
    return Api(sandbox.url, tokens["access_token"])


@pytest.fixture
def policies(api):
    return prepare_seller(api)


@pytest.fixture
def offer_id(api, policies):
    """An unpublished offer that publish accepts."""
    assert api.put("/sell/inventory/v1/inventory_item/SKU1FR", json=ITEM).status_code == 204
    return api.post("/sell/inventory/v1/offer", json=offer_body("SKU1FR", policies)).json()["offerId"]


@pytest.fixture
def listing_id(api, offer_id):
    return api.post(f"/sell/inventory/v1/offer/{offer_id}/publish").json()["listingId"]
