"""Services' refusals through the real API: one exception handler (stoflow.api_errors) answers
Django's ValidationError, quotas, refused jobs and refused sessions with 4xx JSON naming the field.

Refused sessions (vinted.services.ConnectError) are covered through the real endpoint, against the
Vinted sandbox, by vinted/tests/test_api_session.py. No API endpoint asks for jobs yet: JobRefused's
answer is checked on the handler itself."""

from decimal import Decimal

import pytest
from django_tenants.utils import tenant_context
from rest_framework.test import APIClient

from catalog.tests.factories import ProductFactory
from stoflow.api_errors import Refusal, exception_handler
from tenants import tokens
from vinted.jobs.services import JobRefused
from vinted.preflight import Problem

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(shop_a):
    _token, key = tokens.create(shop_a.membership, "tests")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_update_with_a_sku_another_product_uses_answers_400_naming_sku_only(api, shop_a):
    with tenant_context(shop_a.tenant):
        ProductFactory(sku="TAKEN")
        ProductFactory(sku="MINE")
    response = api.patch("/api/v1/products/MINE/", {"sku": "TAKEN"}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["sku"] and "TAKEN" in response.json()["sku"][0]


def test_cancelling_a_cancelled_sale_answers_400_with_non_field_errors(api, shop_a):
    with tenant_context(shop_a.tenant):
        ProductFactory(sku="S-1", stock=1, price=Decimal("9"))
    sale_id = api.post("/api/v1/sales/", {"sku": "S-1", "payment_method": "cash"}, format="json").json()["id"]
    assert api.post(f"/api/v1/sales/{sale_id}/cancel/", {}, format="json").status_code == 200
    response = api.post(f"/api/v1/sales/{sale_id}/cancel/", {}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["non_field_errors"]


def test_creating_a_product_over_the_plan_answers_403_with_the_quota_code(api, shop_a):
    shop_a.tenant.max_products_override = 0
    shop_a.tenant.save(update_fields=["max_products_override"])
    response = api.post("/api/v1/products/", {"sku": "Q", "title": "t", "price": "1"}, format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "quota_exceeded" and "plan allows 0" in response.json()["detail"]


def test_a_refused_job_answers_400_naming_the_field_with_the_problems_per_product():
    refusal = JobRefused("Some products cannot be published yet.", {"p-1": [Problem("stock", "Out of stock.")]})
    response = exception_handler(refusal, {})
    assert response is not None and response.status_code == 400
    assert response.data == {
        "products": ["Some products cannot be published yet."],
        "problems": {"p-1": [{"field": "stock", "message": "Out of stock."}]},
    }


def test_a_refusal_of_another_kind_keeps_its_own_status_and_field():
    class Conflict(Refusal):
        status_code = 409

    response = exception_handler(Conflict("Already there.", field="account"), {})
    assert response is not None and (response.status_code, response.data) == (409, {"account": ["Already there."]})
