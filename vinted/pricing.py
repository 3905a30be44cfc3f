"""The shop's pricing rule applied to a catalog price: markup, rounding up to an ending, floor."""

from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from .models import PricingRule

CENT = Decimal("0.01")


def rule_for_shop() -> PricingRule:
    """The current shop's rule; an unsaved default (no markup, no rounding) when none was set."""
    return PricingRule.objects.order_by("pk").first() or PricingRule()


def _round_up_to_ending(price: Decimal, ending: Decimal) -> Decimal:
    """The smallest price >= `price` whose cents equal `ending` (e.g. 12.34 -> 12.90)."""
    whole = (
        price.to_integral_value(rounding=ROUND_CEILING) - 1
        if ending
        else price.to_integral_value(rounding=ROUND_CEILING)
    )
    candidate = whole + ending
    return candidate if candidate >= price else candidate + 1


def apply(rule: PricingRule, price: Decimal) -> Decimal:
    value = Decimal(price) * (Decimal(100) + Decimal(rule.markup_percent)) / Decimal(100)
    value = value.quantize(CENT, rounding=ROUND_HALF_UP)
    if rule.rounding != PricingRule.Rounding.NONE:
        value = _round_up_to_ending(value, Decimal(rule.rounding) / 100)
    if rule.floor_price is not None and value < rule.floor_price:
        value = Decimal(rule.floor_price)
    return value.quantize(CENT)
