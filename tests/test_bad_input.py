"""Malformed input is a 4xx answer, never a server error."""

import pytest
from django.urls import reverse

from tenants import tokens

pytestmark = pytest.mark.django_db

JSON_ENDPOINTS = ["/api/v1/products/", "/api/v1/vinted/session", "/api/v1/ai/generations/"]


@pytest.fixture
def token_header(shop_a):
    _token, key = tokens.create(shop_a.membership, "bad input")
    return {"HTTP_AUTHORIZATION": f"Token {key}"}


@pytest.mark.parametrize("url", JSON_ENDPOINTS)
def test_post_deeply_nested_json_answers_400_naming_the_problem(client, token_header, url):
    body = "[" * 50000 + "]" * 50000
    response = client.post(url, body, content_type="application/json", **token_header)
    assert response.status_code == 400
    assert "nested" in response.json()["detail"]


@pytest.mark.parametrize("url", JSON_ENDPOINTS)
def test_post_json_nested_beyond_the_depth_limit_answers_400(client, token_header, url):
    body = '{"a":' * 100 + "1" + "}" * 100
    response = client.post(url, body, content_type="application/json", **token_header)
    assert response.status_code == 400
    assert "nested" in response.json()["detail"]


def test_switch_shop_with_a_malformed_id_answers_400(client_a):
    response = client_a.post(reverse("tenants:switch"), {"tenant": "not-a-uuid"})
    assert response.status_code == 400
