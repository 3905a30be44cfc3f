"""Sales from eBay: the Fulfillment API's orders (ebay-api §7.1) read per account, each sold line a sale
in catalog's ledger.

An account is read from its high-water mark (`orders_seen_until`, less OVERLAP: an order modified
while the previous poll ran is read again) with `lastmodifieddate`, every page, and the mark moves
only once every page was read. The ledger makes a line that is read twice one sale (listing_ref is
`<legacyItemId>/<lineItemId>`, unique per line: a listing with several units sells more than once);
a cancelled or fully refunded order cancels its sales and puts the units back. The last unit sold
makes the product unavailable, which ends its other listings on every channel.
"""

import datetime
import logging
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from catalog import sales as catalog_sales
from catalog import services as catalog_services
from catalog.models import Product, Sale

from . import poll_schedule
from .client import EbayClient, Kind
from .jobs.models import EbayListing
from .models import EbayAccount

log = logging.getLogger(__name__)
CHANNEL = "ebay"
PAGE = 200  # getOrders' largest page
OVERLAP = datetime.timedelta(minutes=5)
FIRST_LOOKBACK = datetime.timedelta(days=1)
CANCELLED_STATES = {"CANCELED", "CANCELLED"}  # eBay spells it CANCELED; the second spelling costs nothing
CENT = Decimal("0.01")


def listing_for_line(account: EbayAccount, line: dict) -> EbayListing | None:
    """The Stoflow listing an order line sold: the line's `sku` is the SKU Stoflow gave the listing's
    inventory item (one per listing, ebay.jobs.models.new_sku)."""
    sku = line.get("sku")
    if not isinstance(sku, str) or not sku:
        return None
    return EbayListing.objects.filter(account=account, sku=sku).select_related("product").first()


def product_for_line(account: EbayAccount, line: dict) -> Product | None:
    """The catalog product an order line sold: the one place that matches eBay lines to products.

    A Stoflow listing's SKU first; else, for an item the seller listed on eBay by hand, the catalog
    product whose own SKU the seller typed there."""
    listing = listing_for_line(account, line)
    if listing is not None:
        return listing.product if listing.product.deleted_at is None else None
    sku = line.get("sku")
    if not isinstance(sku, str) or not sku:
        return None
    return Product.objects.filter(sku=sku, deleted_at__isnull=True).first()


@dataclass
class PollResult:
    orders: int = 0
    sales: int = 0
    cancelled: int = 0
    unmatched: int = 0
    requests: int = 0
    problem: str = ""  # English source, empty when every page was read

    @property
    def complete(self) -> bool:
        return not self.problem


PROBLEMS = {
    Kind.RATE_LIMITED: gettext_noop("eBay's call limit is reached: sales are read again at the next check."),
    Kind.TRANSIENT: gettext_noop("eBay did not answer: sales are read again at the next check."),
    Kind.RECONNECT_NEEDED: gettext_noop("eBay no longer accepts this account's access: reconnect it."),
    Kind.FORBIDDEN: gettext_noop("This account did not allow Stoflow to read orders: reconnect it."),
}
OTHER_PROBLEM = gettext_noop("eBay refused to list the orders: sales are read again at the next check.")


def iso(moment: datetime.datetime) -> str:
    moment = moment.astimezone(datetime.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def poll_account(account: EbayAccount, *, client: EbayClient | None = None, now=None) -> PollResult:
    """Read the orders modified since the account's mark and bring the sales ledger up to date."""
    now = now or timezone.now()
    result = PollResult()
    if account.status != EbayAccount.Status.CONNECTED:
        result.problem = PROBLEMS[Kind.RECONNECT_NEEDED]
        return result
    client = client or EbayClient(account)
    # A first poll starts at the connection, at most FIRST_LOOKBACK ago: older orders of an account
    # connected before sales were read would count sales the seller has already dealt with.
    since = (account.orders_seen_until or max(account.created_at, now - FIRST_LOOKBACK)) - OVERLAP
    offset = 0
    while True:
        outcome = client.orders_modified_since(iso(min(since, now)), limit=PAGE, offset=offset)
        result.requests += 1
        if not outcome.ok:
            result.problem = PROBLEMS.get(outcome.kind, OTHER_PROBLEM)
            log.warning("ebay orders of %r not read: %r", account, outcome)
            break
        orders = [o for o in outcome.data.get("orders") or [] if isinstance(o, dict)]
        for order in orders:
            apply_order(account, order, result)
        result.orders += len(orders)
        offset += len(orders)
        if not orders or not outcome.data.get("next") or offset >= int(outcome.data.get("total") or 0):
            break
    fields = {"orders_checked_at": now, "orders_problem": result.problem}
    if result.complete:
        fields["orders_seen_until"] = now
    EbayAccount.objects.filter(pk=account.pk).update(**fields)
    for name, value in fields.items():
        setattr(account, name, value)
    poll_schedule.refresh(account, now)
    return result


def lock_key(account_id: int) -> str:
    return f"ebay:orders-poll:{account_id}"


def poll_account_once(account: EbayAccount) -> PollResult | None:
    """`poll_account` under the account's poll lock, the one way the scheduled poll and the seller's
    "Check sales now" read orders: None, without asking eBay, while another poll of the account runs.
    A slow eBay must not pile polls of the same orders up, nor two polls record one order at once."""
    key = lock_key(account.pk)
    if not cache.add(key, 1, timeout=poll_schedule.lock_timeout()):
        return None
    try:
        return poll_account(account)
    finally:
        cache.delete(key)


def apply_order(account: EbayAccount, order: dict, result: PollResult) -> None:
    lines = [line for line in order.get("lineItems") or [] if isinstance(line, dict) and line.get("lineItemId")]
    fees = _fee_shares(order, lines)
    cancelled = (order.get("cancelStatus") or {}).get("cancelState") in CANCELLED_STATES or order.get(
        "orderPaymentStatus"
    ) == "FULLY_REFUNDED"
    for line, fee in zip(lines, fees, strict=True):
        with transaction.atomic():
            if cancelled:
                result.cancelled += _cancel_line(account, line)
            else:
                result.sales += _record_line(account, order, line, fee, result)


def listing_ref(line: dict) -> str:
    return f"{line.get('legacyItemId') or ''}/{line['lineItemId']}"


def _record_line(account, order, line, fee, result) -> int:
    ref = listing_ref(line)
    if Sale.objects.filter(channel=CHANNEL, account_ref=str(account.public_id), listing_ref=ref).exists():
        return 0
    product = product_for_line(account, line)
    if product is None:
        result.unmatched += 1
        return 0
    quantity = max(1, _int(line.get("quantity")))
    paid = _amount(line.get("discountedLineItemCost")) or _amount(line.get("lineItemCost"))
    if paid is None:
        result.unmatched += 1
        return 0
    value, currency = paid
    catalog_sales.record_sale(
        product,
        price=(value / quantity).quantize(CENT, rounding=ROUND_HALF_UP),
        currency=currency,
        channel=CHANNEL,
        account_ref=str(account.public_id),
        account_label=account.ledger_label,
        listing_ref=ref,
        quantity=quantity,
        sold_at=_time(order.get("creationDate")),
        fees=fee,
        buyer_ref=str((order.get("buyer") or {}).get("username") or "")[:200],
    )
    listing = listing_for_line(account, line)
    if listing is not None and not catalog_services.is_available(Product.objects.get(pk=product.pk)):
        # The last unit went: eBay ended the listing itself, nothing is left to withdraw there.
        EbayListing.objects.filter(pk=listing.pk).update(status=EbayListing.Status.SOLD, updated_at=timezone.now())
    return 1


def _cancel_line(account, line) -> int:
    sale = (
        Sale.objects.select_for_update()
        .filter(channel=CHANNEL, account_ref=str(account.public_id), listing_ref=listing_ref(line))
        .first()
    )
    if sale is None or sale.cancelled_at is not None:
        return 0
    catalog_sales.cancel_sale(sale, restock=True)
    return 1


def _fee_shares(order: dict, lines: list[dict]) -> list[Decimal | None]:
    """eBay's fee is per order (`totalMarketplaceFee`): each line carries its share by line total, the
    last line the rounding remainder, so the shares add up to the order's fee."""
    fee = _amount(order.get("totalMarketplaceFee"))
    if fee is None or not lines:
        return [None] * len(lines)
    totals = [(_amount(line.get("total")) or (Decimal(0), ""))[0] for line in lines]
    whole = sum(totals)
    shares, given = [], Decimal(0)
    for index, total in enumerate(totals):
        if index == len(totals) - 1:
            share = fee[0] - given
        else:
            share = (fee[0] * total / whole if whole else fee[0] / len(lines)).quantize(CENT, rounding=ROUND_HALF_UP)
        shares.append(max(share, Decimal(0)))
        given += share
    return shares


def _amount(money) -> tuple[Decimal, str] | None:
    if not isinstance(money, dict):
        return None
    try:
        value = Decimal(str(money.get("value")))
    except (InvalidOperation, ValueError):
        return None
    currency = money.get("currency")
    if not value.is_finite() or value < 0 or not isinstance(currency, str) or len(currency) != 3:
        return None
    return value, currency


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _time(text):
    try:
        return datetime.datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError:
        return None
