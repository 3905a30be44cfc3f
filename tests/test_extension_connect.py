"""Stoflow's "Connect the extension" page: it creates the extension's own API token for the
signed-in member's shop, as JSON for the one-click handshake or shown once without JavaScript."""

import re

import pytest
from django.urls import reverse

from tenants.models import ApiToken, Membership
from tests.factories import add_member

CONNECT = "vinted:connect_extension"
TOKEN = "vinted:extension_token"


def test_connect_page_signed_out_redirects_to_login(client, db):
    response = client.get(reverse(CONNECT))
    assert response.status_code == 302
    assert reverse("tenants:login") in response["Location"]


def test_connect_page_signed_in_offers_one_click_connect(client_a, shop_a):
    response = client_a.get(reverse(CONNECT))
    assert response.status_code == 200
    html = response.content.decode()
    assert "data-connect-button" in html
    assert reverse(TOKEN) in html
    assert shop_a.tenant.name in html
    assert "sfk_" not in html, "no token before the seller asks for one"


def test_create_token_as_json_returns_a_token_of_the_members_shop(client_a, shop_a):
    response = client_a.post(reverse(TOKEN), HTTP_ACCEPT="application/json")
    assert response.status_code == 201
    assert response["Cache-Control"].startswith("max-age=0")
    data = response.json()
    assert data["shop_name"] == shop_a.tenant.name
    token = ApiToken.objects.get(prefix=data["token"][:12])
    assert token.name == "Browser extension"
    assert token.membership == shop_a.membership


def test_create_token_then_token_reads_own_shop_accounts(client_a, shop_a, client):
    key = client_a.post(reverse(TOKEN), HTTP_ACCEPT="application/json").json()["token"]
    client_a.logout()
    response = client.get(reverse("vinted-session"), HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200
    assert response.json() == []


def test_create_token_ignores_a_shop_named_in_the_request(client_a, shop_a, shop_b):
    response = client_a.post(
        reverse(TOKEN),
        {"tenant": str(shop_b.tenant.public_id), "shop": shop_b.tenant.schema_name},
        HTTP_ACCEPT="application/json",
    )
    token = ApiToken.objects.get(prefix=response.json()["token"][:12])
    assert token.membership.tenant == shop_a.tenant


def test_create_token_without_javascript_shows_it_once(client_a):
    response = client_a.post(reverse(TOKEN))
    assert response.status_code == 201
    html = response.content.decode()
    assert "data-new-token" in html
    key = re.search(r"<code[^>]*data-new-token[^>]*>([^<]*)<", html).group(1)
    assert key.startswith("sfk_")
    again = client_a.get(reverse(CONNECT)).content.decode()
    assert key not in again


def test_create_token_with_get_is_refused(client_a):
    assert client_a.get(reverse(TOKEN)).status_code == 405
    assert not ApiToken.objects.filter(name="Browser extension").exists()


def test_create_token_as_viewer_is_forbidden(client, shop_a):
    viewer = add_member(shop_a, Membership.Role.VIEWER)
    client.force_login(viewer)
    page = client.get(reverse(CONNECT))
    assert page.status_code == 200
    assert "data-connect-button" not in page.content.decode()
    response = client.post(reverse(TOKEN), HTTP_ACCEPT="application/json")
    assert response.status_code == 403
    assert not ApiToken.objects.filter(membership__user=viewer).exists()


def test_create_token_without_csrf_token_is_refused(shop_a):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(shop_a.owner)
    assert client.post(reverse(TOKEN), HTTP_ACCEPT="application/json").status_code == 403


@pytest.mark.parametrize("language, heading", [("en", "Connect the extension"), ("fr", "Connecter l’extension")])
def test_connect_page_is_translated(client_a, language, heading):
    client_a.cookies["django_language"] = language
    html = client_a.get(reverse(CONNECT)).content.decode()
    assert f"<h1>{heading}</h1>" in html


def test_extension_token_beyond_the_cap_answers_409_with_the_message(client_a, shop_a, settings):
    from tenants import tokens as api_tokens

    settings.API_TOKENS_PER_MEMBERSHIP = 1
    api_tokens.create(shop_a.membership, "older")
    response = client_a.post(reverse("vinted:extension_token"), HTTP_ACCEPT="application/json")
    assert response.status_code == 409 and "at most 1 active tokens" in response.json()["detail"]
