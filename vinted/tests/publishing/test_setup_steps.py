"""Vinted's steps of the dashboard checklist tick themselves from the shop's real data."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tenants.utils import tenant_context

from catalog.tests.factories import ProductFactory
from tenants import tokens
from vinted.extension_views import TOKEN_NAME
from vinted.jobs.models import Listing

pytestmark = pytest.mark.django_db


def _steps(client) -> dict:
    body = client.get(reverse("dashboard")).content.decode()
    return dict(re.findall(r'data-step="(\w+)" data-done="(yes|no)"', body)), body


def test_fresh_shop_has_every_vinted_step_to_do_with_its_link(client_a):
    steps, body = _steps(client_a)
    assert {k: steps[k] for k in ("vinted_connect", "vinted_extension", "vinted_publish")} == {
        "vinted_connect": "no",
        "vinted_extension": "no",
        "vinted_publish": "no",
    }
    for url in (reverse("vinted:accounts"), reverse("vinted:connect_extension")):
        assert f'<a href="{url}">' in body


def test_vinted_steps_tick_from_the_account_the_extension_token_and_a_listing(client_a, shop_a, account):
    token, _key = tokens.create(shop_a.membership, TOKEN_NAME)
    steps, _body = _steps(client_a)
    assert (steps["vinted_connect"], steps["vinted_extension"]) == ("yes", "no")  # paired, never used yet
    type(token).objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    with tenant_context(shop_a.tenant):
        product = ProductFactory()
        Listing.objects.create(
            product=product, account=account, item_id=901, status=Listing.Status.PUBLISHED, published_at=timezone.now()
        )
    _steps_after, body = _steps(client_a)
    assert "data-checklist" not in body  # all four done
