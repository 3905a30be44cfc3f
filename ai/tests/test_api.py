"""The REST API: ask for a generation by product id or SKU, poll it; clear 4xx on bad input."""

import pytest
from django_tenants.utils import tenant_context
from rest_framework.test import APIClient

from ai.models import Generation
from catalog.tests.factories import ProductFactory
from tenants import tokens
from tenants.models import Membership
from tests.factories import add_member

URL = "/api/v1/ai/generations/"


def _api(membership):
    _token, key = tokens.create(membership, "tests")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@pytest.fixture
def api_a(shop_a):
    return _api(shop_a.membership)


def test_api_generation_by_sku_is_accepted_and_then_ready(
    api_a, shop_a, offline_ai, django_capture_on_commit_callbacks
):
    from stoflow.celery import app

    with tenant_context(shop_a.tenant):
        ProductFactory(sku="API-1", title="Jean droit", brand_name="Kiabi")
    app.conf.task_always_eager = True
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = api_a.post(URL, {"sku": "API-1", "language": "es", "tone": "fun"}, format="json")
    finally:
        app.conf.task_always_eager = False
    assert response.status_code == 202, response.json()
    body = api_a.get(f"{URL}{response.json()['id']}/").json()
    assert body["status"] == "succeeded" and body["provider"] == "offline" and "Kiabi" in body["title"]
    assert body["language"] == "es" and body["error"] is None


@pytest.mark.parametrize(
    "payload,field",
    [
        ({}, "product"),
        ({"sku": "NOPE"}, "sku"),
        ({"product": "not-a-uuid"}, "product"),
        ({"sku": "API-2", "language": "xx"}, "language"),
        ({"sku": "API-2", "length": "huge"}, "length"),
    ],
)
def test_api_generation_with_bad_input_answers_400_naming_the_field(api_a, shop_a, payload, field):
    with tenant_context(shop_a.tenant):
        ProductFactory(sku="API-2")
    response = api_a.post(URL, payload, format="json")
    assert response.status_code == 400 and field in response.json()
    with tenant_context(shop_a.tenant):
        assert not Generation.objects.exists()


def test_api_product_of_another_shop_is_not_found(shop_a, shop_b):
    with tenant_context(shop_a.tenant):
        product = ProductFactory(sku="ONLY-A")
    response = _api(shop_b.membership).post(URL, {"product": str(product.public_id)}, format="json")
    assert response.status_code == 400 and response.json()["product"] == ["No such product in this shop."]


def test_api_viewer_cannot_ask_for_a_generation(shop_a):
    viewer = add_member(shop_a, Membership.Role.VIEWER)
    response = _api(Membership.objects.get(user=viewer)).post(URL, {"sku": "X"}, format="json")
    assert response.status_code == 403
