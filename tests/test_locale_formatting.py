"""Money and dates read the way the seller's language writes them, the same on every page."""

import datetime
import re
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone, translation
from django_tenants.utils import tenant_context

from catalog.models import Product
from catalog.tests.factories import ProductFactory

NBSP = "\u00a0"


def _in_french(client):
    client.cookies["django_language"] = "fr"
    return client


def test_money_in_french_writes_the_euro_symbol_after_a_nonbreaking_space():
    from stoflow.formatting import money

    with translation.override("fr"):
        assert money(Decimal("1234.5"), "EUR") == f"1{NBSP}234,50{NBSP}€"
    with translation.override("en"):
        assert money(Decimal("12.5"), "EUR") == "€12.50"
        assert money(Decimal("-3"), "GBP") == "-£3.00"
        assert money(None) == "—"


def test_cost_under_a_cent_says_less_than_a_cent_instead_of_zeros():
    from stoflow.formatting import cost

    with translation.override("fr"):
        assert cost(Decimal("0.000021")) == f"<{NBSP}0,01{NBSP}€"
        assert cost(Decimal("0")) == f"0,00{NBSP}€"
        assert cost(Decimal("1.234")) == f"1,23{NBSP}€"


def test_ago_under_a_minute_says_just_now():
    from stoflow.formatting import ago

    with translation.override("en"):
        assert ago(timezone.now() - datetime.timedelta(seconds=5)) == "just now"
        assert ago(timezone.now() - datetime.timedelta(minutes=5)) == "5\xa0minutes ago"
    with translation.override("fr"):
        assert ago(timezone.now()) == "à l’instant"


def test_dashboard_in_french_shows_euros_and_a_nonbreaking_space_before_colons(client_a, shop_a):
    with tenant_context(shop_a.tenant):
        ProductFactory(
            price=Decimal("30.00"),
            cost_price=Decimal("10.00"),
            stock=2,
            status=Product.Status.LISTED,
            listed_at=timezone.now(),
        )
    body = _in_french(client_a).get(reverse("dashboard")).content.decode()
    assert "EUR" not in body
    assert f"60,00{NBSP}€" in body and f"20,00{NBSP}€" in body  # stock at price and at cost
    assert f"Marge{NBSP}:" in body and "Marge:" not in body and "Marge :" not in body


def test_product_page_in_english_writes_every_date_in_one_24_hour_format(client_a, shop_a):
    at = timezone.make_aware(datetime.datetime(2026, 1, 12, 21, 56, 54))
    with tenant_context(shop_a.tenant):
        product = ProductFactory(status=Product.Status.SOLD)
        Product.objects.filter(pk=product.pk).update(created_at=at, updated_at=at, sold_at=at)
    body = client_a.get(reverse("catalog:detail", args=[product.public_id])).content.decode()
    assert body.count("12 Jan 2026, 21:56") == 3
    assert not re.search(r"[ap]\.m\.", body) and "01/12/2026" not in body


def test_ai_usage_page_shows_a_tiny_cost_sensibly(client_a, shop_a):
    from ai.models import Generation

    with tenant_context(shop_a.tenant):
        Generation.objects.create(
            marketplace="vinted",
            language="fr",
            tone="friendly",
            length="short",
            facts={},
            status=Generation.Status.SUCCEEDED,
            cost_eur=Decimal("0.000021"),
        )
    body = _in_french(client_a).get(reverse("ai:usage")).content.decode()
    assert "0,0000" not in body and f"&lt;{NBSP}0,01{NBSP}€" in body
