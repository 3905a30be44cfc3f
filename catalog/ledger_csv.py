"""Sales as CSV for accounting: first the columns of a French micro-entrepreneur's "livre des
recettes" (date, buyer reference, nature, amount, means of payment), then our own.

One row per sale that counts (cancelled sales are left out). Amounts are plain decimals with a
dot, never added across currencies; the currency is its own column.
"""

from django.utils import timezone
from django.utils.translation import gettext

from .csv_io import as_text_cell
from .models import PaymentMethod, Sale

COLUMNS = [
    "date",
    "buyer_reference",
    "nature",
    "amount",
    "means_of_payment",
    "currency",
    "quantity",
    "unit_price",
    "cost_price",
    "shipping_cost",
    "fees",
    "margin",
    "channel",
    "account",
    "listing",
    "sku",
    "title",
    "sale_id",
]
TEXT = frozenset({"buyer_reference", "nature", "means_of_payment", "channel", "account", "listing", "sku", "title"})


def labels() -> dict:
    """The translated words of the rows, taken in the request (a streamed body is written after
    the view returns, when the request's language may no longer be active)."""
    return {
        "nature": gettext("Sale of goods"),
        "payment": {value: str(label) for value, label in PaymentMethod.choices},
        "manual": gettext("By hand"),
        "timezone": timezone.get_current_timezone(),
    }


def ledger_rows(queryset, words: dict):
    yield COLUMNS
    text_at = [i for i, name in enumerate(COLUMNS) if name in TEXT]
    for sale in queryset.counted().select_related("product").order_by("sold_at", "id").iterator(chunk_size=2000):
        nature = words["nature"] + (f": {sale.title} ({sale.sku})" if sale.sku else "")
        row = [
            timezone.localtime(sale.sold_at, words["timezone"]).date().isoformat(),
            sale.buyer_ref,
            nature,
            sale.price * sale.quantity,
            words["payment"].get(sale.payment_method, ""),
            sale.currency,
            sale.quantity,
            sale.price,
            _blank(sale.cost_price),
            _blank(sale.shipping_cost),
            _blank(sale.fees),
            sale.margin,
            words["manual"] if sale.channel == Sale.MANUAL else sale.channel,
            sale.account_label,
            sale.listing_ref,
            sale.sku,
            sale.title,
            sale.public_id,
        ]
        for i in text_at:
            row[i] = as_text_cell(str(row[i]))
        yield row


def _blank(value):
    return "" if value is None else value
