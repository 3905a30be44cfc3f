"""The shop's pricing rule applied to a catalog price: markup, rounding up to an ending, floor.

The arithmetic is every channel's (channels.pricing); the rule row is Vinted's own.
"""

from decimal import Decimal

from channels import pricing as channel_pricing

from .models import PricingRule


def rule_for_shop() -> PricingRule:
    """The current shop's rule; an unsaved default (no markup, no rounding) when none was set."""
    return PricingRule.objects.order_by("pk").first() or PricingRule()


def apply(rule: PricingRule, price: Decimal) -> Decimal:
    return channel_pricing.apply(
        price, markup_percent=rule.markup_percent, rounding=rule.rounding, floor_price=rule.floor_price
    )
