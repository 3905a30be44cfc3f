from decimal import Decimal

import pytest

from vinted import pricing
from vinted.models import PricingRule


@pytest.mark.parametrize(
    "markup, rounding, floor, price, expected",
    [
        ("0", "none", None, "12.34", "12.34"),
        ("10", "none", None, "10.00", "11.00"),
        ("10", "00", None, "12.34", "14.00"),  # 13.574 -> 13.57 -> up to 14.00
        ("0", "00", None, "13.00", "13.00"),
        ("0", "50", None, "12.34", "12.50"),
        ("0", "50", None, "12.60", "13.50"),
        ("0", "90", None, "12.34", "12.90"),
        ("0", "90", None, "12.95", "13.90"),
        ("-20", "none", "9.00", "10.00", "9.00"),  # floor wins over the discount
        ("25", "90", "5.00", "3.00", "5.00"),
    ],
)
def test_apply_pricing_rule_gives_expected_vinted_price(markup, rounding, floor, price, expected):
    rule = PricingRule(markup_percent=Decimal(markup), rounding=rounding, floor_price=Decimal(floor) if floor else None)
    assert pricing.apply(rule, Decimal(price)) == Decimal(expected)
