"""The channel layer: every channel registered through catalog.extensions.ChannelStatus shows on the
product page and the product list, without catalog knowing any marketplace."""

import pytest
from django.urls import reverse

from catalog import extensions
from catalog.tests.factories import ProductFactory

CALLS = []


def _fake_states(request, products, *, detail=False):
    CALLS.append((len(products), detail))
    return {
        product.pk: [
            extensions.ChannelState(
                channel="Shopfront",
                place="me · shop.example",
                state=extensions.LISTED if product.sku.startswith("ON") else extensions.NOT_LISTED,
                label="Live" if product.sku.startswith("ON") else "Nowhere",
                out_of_date=("Price",) if detail else (),
                needs=("A photo",) if detail else (),
            )
        ]
        for product in products
    }


@pytest.fixture
def fake_channel():
    entry = extensions.ChannelStatus(name="shopfront", states=_fake_states)
    extensions.register(entry)
    CALLS.clear()
    yield
    extensions.unregister(entry)


def test_product_list_shows_each_products_channel_states_with_one_call_per_page(seller_a, fake_channel):
    ProductFactory(sku="ON1")
    ProductFactory(sku="OFF1")
    html = seller_a.get(reverse("catalog:list")).content.decode()
    assert "Shopfront · Live" in html and "Shopfront · Nowhere" in html
    assert CALLS == [(2, False)]


def test_product_page_shows_state_out_of_date_fields_and_needs(seller_a, fake_channel):
    product = ProductFactory(sku="ON2")
    html = seller_a.get(reverse("catalog:detail", args=[product.public_id])).content.decode()
    assert 'data-channel="Shopfront" data-state="listed"' in html
    assert "me · shop.example" in html and "Price" in html and "A photo" in html
    assert CALLS == [(1, True)]


def test_channels_merge_in_their_order():
    first = extensions.ChannelStatus(
        name="b",
        order=1,
        states=lambda r, ps, detail: {p.pk: [extensions.ChannelState("B", "", "listed", "x")] for p in ps},
    )
    second = extensions.ChannelStatus(
        name="a",
        order=2,
        states=lambda r, ps, detail: {p.pk: [extensions.ChannelState("A", "", "listed", "x")] for p in ps},
    )

    class Product:
        pk = 7

    saved = dict(extensions._registries[extensions.ChannelStatus])
    extensions._registries[extensions.ChannelStatus].clear()
    try:
        extensions.register(second)
        extensions.register(first)
        assert [s.channel for s in extensions.channel_states(None, [Product()])[7]] == ["B", "A"]
    finally:
        extensions._registries[extensions.ChannelStatus].clear()
        extensions._registries[extensions.ChannelStatus].update(saved)
