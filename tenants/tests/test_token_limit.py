"""A membership holds at most API_TOKENS_PER_MEMBERSHIP active tokens."""

import pytest
from django.urls import reverse

from tenants import tokens
from tenants.models import ApiToken

pytestmark = pytest.mark.django_db


def test_create_token_beyond_the_cap_is_refused_with_a_clear_message(client_a, shop_a, settings):
    settings.API_TOKENS_PER_MEMBERSHIP = 2
    for name in ("one", "two"):
        tokens.create(shop_a.membership, name)
    response = client_a.post(reverse("tenants:api_tokens"), {"name": "three"})
    assert response.status_code == 200
    assert "at most 2 active tokens" in response.context["form"].errors["name"][0]
    assert ApiToken.objects.filter(membership=shop_a.membership).count() == 2


def test_revoking_a_token_makes_room_for_a_new_one(shop_a, settings):
    settings.API_TOKENS_PER_MEMBERSHIP = 1
    token, _key = tokens.create(shop_a.membership, "one")
    with pytest.raises(tokens.TooManyTokens):
        tokens.create(shop_a.membership, "two")
    tokens.revoke(shop_a.membership, token.public_id)
    assert tokens.create(shop_a.membership, "two")[0].is_active
