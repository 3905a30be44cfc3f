import pytest
from django.urls import reverse

from tenants import tokens
from tenants.models import ApiToken, Membership
from tests.factories import add_member

pytestmark = pytest.mark.django_db


def test_api_token_page_shows_a_new_key_once_and_stores_only_its_hash(client_a, shop_a):
    response = client_a.post(reverse("tenants:api_tokens"), {"name": "extension"})
    key = response.context["new_key"]
    assert key.startswith("sfk_")
    token = ApiToken.objects.get(name="extension")
    assert key not in (token.key_hash, token.prefix) and token.key_hash != key
    assert key not in client_a.get(reverse("tenants:api_tokens")).content.decode()


def test_api_token_form_without_name_shows_a_field_error(client_a):
    response = client_a.post(reverse("tenants:api_tokens"), {"name": ""})
    assert "name" in response.context["form"].errors


def test_api_with_token_runs_in_the_tokens_shop(client, shop_a):
    _token, key = tokens.create(shop_a.membership, "script")
    response = client.get(reverse("api-me"), HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200
    assert response.json()["shop_id"] == str(shop_a.tenant.public_id)
    assert response.json()["role"] == "owner"


def test_api_with_revoked_token_is_refused_with_json(client, shop_a):
    token, key = tokens.create(shop_a.membership, "script")
    tokens.revoke(shop_a.membership, token.public_id)
    response = client.get(reverse("api-me"), HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 401 and "detail" in response.json()


def test_api_token_stops_working_when_membership_is_removed(client, shop_a):
    user = add_member(shop_a, Membership.Role.MEMBER)
    membership = Membership.objects.get(user=user)
    _token, key = tokens.create(membership, "script")
    membership.delete()
    assert client.get(reverse("api-me"), HTTP_AUTHORIZATION=f"Token {key}").status_code == 401


def test_api_without_credentials_is_refused(client):
    assert client.get(reverse("api-me")).status_code in (401, 403)


def test_api_session_user_gets_the_session_shop(client_a, shop_a):
    assert client_a.get(reverse("api-me")).json()["shop"] == shop_a.tenant.name


def test_api_schema_is_served(client):
    response = client.get(reverse("api-schema"))
    assert response.status_code == 200 and b"openapi" in response.content
