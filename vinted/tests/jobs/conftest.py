"""Fixtures of the publication engine's tests (the vinted tests' sandbox and account fixtures apply)."""
from decimal import Decimal

import pytest

from catalog.taxonomy.models import Colour, Material, Size
from catalog.tests.factories import ProductFactory


def vinted_row(model, vinted_id):
    return model.objects.get(external_ids__contains={"vinted": vinted_id})


def publishable(photos=1, **overrides):
    """A product the sandbox accepts (sized T-shirt, brand, two colours, a material)."""
    fields = {"photos": photos, "size": vinted_row(Size, 4), "brand_name": "Zara", "brand": None,
              "price": Decimal("10.00"), **overrides}
    product = ProductFactory(**fields)
    product.colours.set([vinted_row(Colour, 12), vinted_row(Colour, 27)])
    product.materials.set([vinted_row(Material, 44)])
    return product


@pytest.fixture
def product(account):
    return publishable()


@pytest.fixture
def small_budget(settings):
    def set_budget(limit, window=7200):
        settings.VINTED_RATE_LIMIT_MAX = limit
        settings.VINTED_RATE_LIMIT_WINDOW_SECONDS = window
    return set_budget
