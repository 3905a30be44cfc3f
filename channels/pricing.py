"""A channel's pricing rule applied to a catalog price: markup, rounding up to an ending, floor.

Pure arithmetic shared by every channel; each channel keeps its own rule row.
"""

from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def round_up_to_ending(price: Decimal, ending: Decimal) -> Decimal:
    """The smallest price >= `price` whose cents equal `ending` (e.g. 12.34 -> 12.90)."""
    whole = (
        price.to_integral_value(rounding=ROUND_CEILING) - 1
        if ending
        else price.to_integral_value(rounding=ROUND_CEILING)
    )
    candidate = whole + ending
    return candidate if candidate >= price else candidate + 1


def apply(price: Decimal, *, markup_percent, rounding: str, floor_price) -> Decimal:
    """rounding: "none", or the cents to round up to ("00", "50", "90")."""
    value = Decimal(price) * (Decimal(100) + Decimal(markup_percent)) / Decimal(100)
    value = value.quantize(CENT, rounding=ROUND_HALF_UP)
    if rounding != "none":
        value = round_up_to_ending(value, Decimal(rounding) / 100)
    if floor_price is not None and value < floor_price:
        value = Decimal(floor_price)
    return value.quantize(CENT)
