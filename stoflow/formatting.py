"""Money and dates for every page, in the reader's language: `{% load formatting %}`.

`money` writes amounts with the currency's symbol where the language puts it ("12,50 €" in
French, "€12.50" in English); `when` and `day` write dates in the one format of the language
(stoflow/formats); `ago` says "just now" instead of "0 minutes ago".
"""

import datetime
from decimal import Decimal, InvalidOperation

from django import template
from django.utils import formats, timezone
from django.utils.timesince import timesince
from django.utils.translation import get_language
from django.utils.translation import gettext as _

register = template.Library()

NBSP = "\u00a0"
SYMBOLS = {
    "EUR": "€",
    "GBP": "£",
    "USD": "$",
    "PLN": "zł",
    "CZK": "Kč",
    "HUF": "Ft",
    "RON": "lei",
    "SEK": "kr",
    "DKK": "kr",
}
# Symbols that English writes before the amount; every other case puts the symbol after it.
_PREFIXED_IN_ENGLISH = {"€", "£", "$"}
EMPTY = "—"


def _decimal(value):
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def format_money(value, currency: str = "EUR", places: int = 2) -> str:
    amount = _decimal(value)
    if amount is None:
        return EMPTY
    symbol = SYMBOLS.get((currency or "").upper(), currency or "")
    number = formats.number_format(abs(amount), places, use_l10n=True, force_grouping=True)
    sign = "-" if amount < 0 else ""
    if (get_language() or "en").startswith("en") and symbol in _PREFIXED_IN_ENGLISH:
        return f"{sign}{symbol}{number}"
    return f"{sign}{number}{NBSP}{symbol}".rstrip()


@register.filter
def money(value, currency="EUR"):
    """12.5 -> "12,50 €" (fr) or "€12.50" (en)."""
    return format_money(value, currency)


@register.filter
def cost(value, currency="EUR"):
    """Tiny amounts (an AI text costs a fraction of a cent): "< 0,01 €" rather than "0,0000 €"."""
    amount = _decimal(value)
    if amount is not None and 0 < abs(amount) < Decimal("0.01"):
        return f"<{NBSP}{format_money(Decimal('0.01'), currency)}"
    return format_money(value, currency)


@register.filter(expects_localtime=True)
def when(value):
    """A date and time in the language's one short format."""
    if not value:
        return EMPTY
    return formats.date_format(value, "SHORT_DATETIME_FORMAT")


@register.filter(expects_localtime=True)
def day(value):
    """A date in the language's one short format."""
    if not value:
        return EMPTY
    return formats.date_format(value, "SHORT_DATE_FORMAT")


@register.filter
def ago(value):
    """ "just now" under a minute, else "5 minutes ago"."""
    if not value:
        return EMPTY
    if isinstance(value, datetime.datetime) and (timezone.now() - value).total_seconds() < 60:
        return _("just now")
    return _("%(time)s ago") % {"time": timesince(value)}
