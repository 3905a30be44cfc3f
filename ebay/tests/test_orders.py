"""eBay orders become sales (ebay.orders): read from the eBay sandbox's Fulfillment API."""

import html
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django_tenants.utils import tenant_context

from catalog import extensions
from catalog.models import Product, Sale
from catalog.tests.factories import ProductFactory
from ebay import orders
from ebay.client import EbayClient
from ebay.models import EbayAccount
from tests.clients import staying_in

from .sandbox.helpers import ITEM, offer_body, seller_ready

pytestmark = pytest.mark.django_db


@pytest.fixture
def account(ebay_account, shop_a):
    with tenant_context(shop_a.tenant):
        yield EbayAccount.objects.get(pk=ebay_account.pk)


@pytest.fixture
def poll_running(account):
    """A scheduled poll of the account is running: it holds the account's poll lock."""
    lock = orders.lock_key(account.pk)
    cache.add(lock, 1, timeout=60)
    yield lock
    cache.delete(lock)


@pytest.fixture
def list_on_ebay(account):
    """Publish an offer for a SKU on the eBay sandbox as alice_fr: its listing id."""
    client = EbayClient(account)
    policies = seller_ready(client)

    def publish(sku: str, quantity: int = 1, price: str = "24.90") -> str:
        item = {**ITEM, "availability": {"shipToLocationAvailability": {"quantity": quantity}}}
        assert client.put_inventory_item(sku, item).ok
        body = offer_body(
            sku, policies, availableQuantity=quantity, pricingSummary={"price": {"value": price, "currency": "EUR"}}
        )
        offer_id = client.create_offer(body).data["offerId"]
        return client.publish_offer(offer_id).data["listingId"]

    return publish


def _product(sku="JACKET1", stock=1, **fields):
    return ProductFactory(sku=sku, stock=stock, status=Product.Status.LISTED, listed_at=timezone.now(), **fields)


def test_poll_records_the_sale_with_price_paid_ebay_fee_and_buyer_and_sells_the_product(
    account, list_on_ebay, ebay_sandbox
):
    product = _product(cost_price=Decimal("5.00"))
    listing_id = list_on_ebay("JACKET1")
    order = ebay_sandbox.buy(listing_id, buyer="bob_buyer")
    result = orders.poll_account(account)
    assert (result.orders, result.sales, result.problem) == (1, 1, "")
    sale = Sale.objects.get()
    line = order["lineItems"][0]
    assert (sale.channel, sale.account_ref, sale.listing_ref) == (
        "ebay",
        str(account.public_id),
        f"{listing_id}/{line['lineItemId']}",
    )
    assert (sale.price, sale.currency, sale.quantity, sale.buyer_ref) == (Decimal("24.90"), "EUR", 1, "bob_buyer")
    assert sale.fees == Decimal(order["totalMarketplaceFee"]["value"]) == Decimal("3.87")  # 13 % of 29.80
    assert sale.margin == Decimal("24.90") - Decimal("5.00") - Decimal("3.87")
    assert "alice_fr" in sale.account_label and "ebay.fr" in sale.account_label
    product.refresh_from_db()
    assert (product.stock, product.status) == (0, Product.Status.SOLD)
    account.refresh_from_db()
    assert account.orders_seen_until is not None and account.orders_problem == ""


def test_poll_of_an_order_seen_twice_records_one_sale(account, list_on_ebay, ebay_sandbox):
    _product(stock=2)
    ebay_sandbox.buy(list_on_ebay("JACKET1", quantity=2))
    orders.poll_account(account)
    again = orders.poll_account(account)  # the overlap reads the same order again
    assert (again.orders, again.sales) == (1, 0)
    assert Sale.objects.count() == 1 and Product.objects.get().stock == 1


def test_poll_of_two_orders_on_one_listing_with_two_units_records_two_sales(account, list_on_ebay, ebay_sandbox):
    product = _product(stock=2)
    listing_id = list_on_ebay("JACKET1", quantity=2)
    ebay_sandbox.buy(listing_id)
    ebay_sandbox.buy(listing_id)
    assert orders.poll_account(account).sales == 2
    product.refresh_from_db()
    assert (product.stock, product.status) == (0, Product.Status.SOLD)


def test_poll_of_a_cancelled_order_cancels_the_sale_and_puts_the_stock_back(account, list_on_ebay, ebay_sandbox):
    product = _product()
    order = ebay_sandbox.buy(list_on_ebay("JACKET1"))
    orders.poll_account(account)
    ebay_sandbox.change_order(order["orderId"], "cancel")
    result = orders.poll_account(account)
    assert result.cancelled == 1
    sale = Sale.objects.get()
    assert sale.cancelled_at is not None
    product.refresh_from_db()
    assert product.stock == 1 and product.status == Product.Status.LISTED
    assert orders.poll_account(account).cancelled == 0  # cancelled once
    assert list(product.delist_steps.values_list("outcome", flat=True).order_by("id")) == ["sold", "cancelled"]


def test_poll_of_an_order_cancelled_before_it_was_seen_records_nothing(account, list_on_ebay, ebay_sandbox):
    product = _product()
    order = ebay_sandbox.buy(list_on_ebay("JACKET1"))
    ebay_sandbox.change_order(order["orderId"], "cancel")
    assert orders.poll_account(account).sales == 0
    assert not Sale.objects.exists() and Product.objects.get(pk=product.pk).stock == 1


def test_poll_of_a_line_whose_sku_is_not_in_the_catalog_records_nothing(account, list_on_ebay, ebay_sandbox):
    _product(sku="OTHER1")
    ebay_sandbox.buy(list_on_ebay("UNKNOWN1"))
    result = orders.poll_account(account)
    assert (result.sales, result.unmatched) == (0, 1) and not Sale.objects.exists()


def test_poll_reads_every_page(account, list_on_ebay, ebay_sandbox, monkeypatch):
    monkeypatch.setattr(orders, "PAGE", 1)
    for n in range(3):
        _product(sku=f"PAGE{n}")
        ebay_sandbox.buy(list_on_ebay(f"PAGE{n}"))
    result = orders.poll_account(account)
    assert (result.orders, result.sales, result.requests) == (3, 3, 3)


def test_poll_refused_by_ebays_call_limit_keeps_the_mark_and_says_why(account, list_on_ebay, ebay_sandbox):
    _product()
    ebay_sandbox.buy(list_on_ebay("JACKET1"))
    ebay_sandbox.add_fault("rate_limited", route="fulfillment.orders")
    result = orders.poll_account(account)
    assert result.problem and result.sales == 0
    account.refresh_from_db()
    assert account.orders_seen_until is None and "call limit" in account.orders_problem
    assert orders.poll_account(account).sales == 1  # the next check reads it


def test_ebay_sale_of_the_last_unit_tells_every_channel_with_the_sale(account, list_on_ebay, ebay_sandbox):
    told = []
    entry = extensions.ProductUnavailable(name="test-channel", handler=lambda product, **kw: told.append(kw["sale"]))
    extensions.register(entry)
    try:
        _product()
        ebay_sandbox.buy(list_on_ebay("JACKET1"))
        orders.poll_account(account)
    finally:
        extensions.unregister(entry)
    assert told == [Sale.objects.get()] and told[0].channel == "ebay"


def test_check_sales_now_button_reads_the_orders_and_says_what_it_found(
    account, list_on_ebay, ebay_sandbox, client_a, shop_a
):
    _product()
    ebay_sandbox.buy(list_on_ebay("JACKET1"))
    page = staying_in(client_a, shop_a.tenant)
    response = page.post(reverse("ebay:check_sales", args=[account.public_id]), follow=True)
    body = response.content.decode()
    assert "1 new sale recorded from eBay." in body and "Sales checked" in body
    assert Sale.objects.get().channel == "ebay"
    body = page.post(reverse("ebay:check_sales", args=[account.public_id]), follow=True).content.decode()
    assert "No new sale on eBay." in body


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", "eBay sales are being checked right now: look again in a moment."),
        ("fr", "Les ventes eBay sont en cours de vérification\u00a0: revenez voir dans un instant."),
    ],
)
def test_check_sales_now_while_a_poll_holds_the_lock_says_sales_are_being_checked_and_reads_nothing(
    account, list_on_ebay, ebay_sandbox, client_a, shop_a, poll_running, language, said
):
    _product()
    ebay_sandbox.buy(list_on_ebay("JACKET1"))
    lock = orders.lock_key(account.pk)
    before = len(ebay_sandbox.state.requests)
    page = staying_in(client_a, shop_a.tenant)
    response = page.post(
        reverse("ebay:check_sales", args=[account.public_id]), follow=True, HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 200 and said in html.unescape(response.content.decode())
    assert len(ebay_sandbox.state.requests) == before and not Sale.objects.exists()
    assert cache.get(lock) == 1  # the running poll's lock is left to it


def test_poll_that_raised_releases_the_account_lock_so_the_next_poll_runs(account, monkeypatch):
    def broken(polled):
        raise RuntimeError("eBay client broke")

    monkeypatch.setattr(orders, "poll_account", broken)
    with pytest.raises(RuntimeError):
        orders.poll_account_once(account)
    assert cache.get(orders.lock_key(account.pk)) is None
    monkeypatch.setattr(orders, "poll_account", lambda polled: orders.PollResult())
    assert orders.poll_account_once(account) == orders.PollResult()


def test_poll_orders_task_reads_the_account_in_its_shop_and_leaves_the_connection_on_public(
    account, list_on_ebay, ebay_sandbox, shop_a
):
    from django.db import connection

    from ebay.tasks import poll_orders

    _product()
    ebay_sandbox.buy(list_on_ebay("JACKET1"))
    connection.set_schema_to_public()  # where a worker is when a task arrives
    poll_orders(shop_a.tenant.schema_name, account.pk)
    assert connection.schema_name == "public"
    with tenant_context(shop_a.tenant):
        assert Sale.objects.get().channel == "ebay"


def test_first_poll_of_an_account_connected_long_ago_reads_at_most_a_day_back(account, list_on_ebay, ebay_sandbox):
    import datetime

    _product()
    ebay_sandbox.buy(list_on_ebay("JACKET1"))  # two days before the poll below
    EbayAccount.objects.filter(pk=account.pk).update(created_at=timezone.now() - datetime.timedelta(days=3))
    account.refresh_from_db()
    ebay_sandbox.advance_clock(2 * 86400)
    result = orders.poll_account(account, now=timezone.now() + datetime.timedelta(days=2))
    assert (result.problem, result.orders, result.sales) == ("", 0, 0)


def test_poll_matches_a_line_to_stoflows_listing_by_its_sku_and_marks_that_listing_sold(
    account, list_on_ebay, ebay_sandbox
):
    from ebay.jobs.models import EbayJob, EbayListing

    product = _product(sku="SELLER-OWN-SKU")
    listing = EbayListing.objects.create(product=product, account=account, status=EbayListing.Status.PUBLISHED)
    listing_id = list_on_ebay(listing.sku)  # the SKU Stoflow gave the inventory item, not the product's
    EbayListing.objects.filter(pk=listing.pk).update(listing_id=listing_id, offer_id="1")
    ebay_sandbox.buy(listing_id, buyer="bob_buyer")

    result = orders.poll_account(account)

    assert (result.sales, result.unmatched) == (1, 0)
    assert Sale.objects.get().product == product
    listing.refresh_from_db()
    assert listing.status == EbayListing.Status.SOLD
    assert not EbayJob.objects.filter(listing=listing, action="end").exists()  # eBay ended it itself
