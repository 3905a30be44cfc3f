"""The sales ledger beyond recording: editing, cancelling (a return), the Sales page, the
accounting CSV and the sales API."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from catalog import sales, sales_report, selectors
from catalog.models import Product, Sale
from catalog.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def _sold(price="20", cost="5", stock=1, **kwargs):
    product = ProductFactory(
        stock=stock,
        cost_price=Decimal(cost) if cost is not None else None,
        status=Product.Status.LISTED,
        listed_at=timezone.now() - datetime.timedelta(days=4),
    )
    return sales.record_sale(product, price=Decimal(price), currency=kwargs.pop("currency", "EUR"), **kwargs)


def test_update_sale_with_shipping_and_fees_lowers_the_margin(in_shop_a):
    sale = _sold(price="20", cost="5")
    sales.update_sale(
        sale,
        {
            "shipping_cost": Decimal("3.50"),
            "fees": Decimal("1.20"),
            "buyer_ref": "marie_75",
            "payment_method": "transfer",
        },
    )
    sale.refresh_from_db()
    assert sale.margin == Decimal("10.30") and sale.buyer_ref == "marie_75" and sale.payment_method == "transfer"


@pytest.mark.parametrize(
    "data, field",
    [
        ({"fees": Decimal("-1")}, "fees"),
        ({"shipping_cost": Decimal("-0.01")}, "shipping_cost"),
        ({"payment_method": "bitcoin"}, "payment_method"),
        ({"quantity": 3}, "quantity"),
    ],
)
def test_update_sale_with_bad_input_names_the_field_and_changes_nothing(in_shop_a, data, field):
    sale = _sold()
    with pytest.raises(ValidationError) as error:
        sales.update_sale(sale, data)
    assert field in error.value.message_dict
    sale.refresh_from_db()
    assert sale.fees is None and sale.shipping_cost is None and sale.payment_method == "" and sale.quantity == 1


def test_a_marketplace_sale_is_paid_through_the_marketplace(in_shop_a):
    assert _sold(channel="vinted", account_ref="a", listing_ref="1").payment_method == "marketplace"


def test_cancel_sale_puts_the_stock_back_and_the_product_back_for_sale(in_shop_a):
    sale = _sold(stock=1)
    product = Product.objects.get(pk=sale.product_id)
    assert (product.stock, product.status) == (0, Product.Status.SOLD)
    sales.cancel_sale(sale)
    product.refresh_from_db()
    assert (product.stock, product.status, product.sold_at) == (1, Product.Status.LISTED, None)
    sale.refresh_from_db()
    assert sale.cancelled_at is not None


def test_a_cancelled_sale_counts_nowhere(in_shop_a):
    kept, cancelled = _sold(price="10"), _sold(price="99")
    sales.cancel_sale(cancelled)
    assert selectors.dashboard_figures()["revenue"] == Decimal("10.00")
    assert sum(selectors.daily_sold(7).values()) == 1
    assert [row["revenue"] for row in sales_report.totals(sales_report.filtered(sales_report.SaleFilters()))] == [
        Decimal("10.00")
    ]
    assert kept.pk != cancelled.pk


def test_cancel_sale_twice_is_refused_and_restocks_once(in_shop_a):
    sale = _sold(stock=2)
    sales.cancel_sale(sale)
    with pytest.raises(ValidationError):
        sales.cancel_sale(sale)
    assert Product.objects.get(pk=sale.product_id).stock == 2


def test_totals_are_per_currency_and_never_added_together(in_shop_a):
    _sold(price="10", cost="4")
    _sold(price="30", cost="10", currency="GBP")
    _sold(price="5", cost=None)
    rows = {row["currency"]: row for row in sales_report.totals(sales_report.filtered(sales_report.SaleFilters()))}
    assert set(rows) == {"EUR", "GBP"}
    assert (rows["EUR"]["revenue"], rows["EUR"]["cost"], rows["EUR"]["margin"], rows["EUR"]["sales"]) == (
        Decimal("15.00"),
        Decimal("4.00"),
        Decimal("11.00"),
        2,
    )
    assert rows["GBP"]["revenue"] == Decimal("30.00") and rows["EUR"]["days_to_sell"] == 4.0


def test_filters_by_period_channel_account_and_brand(in_shop_a):
    old = _sold(sold_at=timezone.now() - datetime.timedelta(days=40))
    vinted = _sold(channel="vinted", account_ref="acc-1", account_label="anna", listing_ref="9")
    by_hand = sales.record_sale(ProductFactory(brand_name="Sézane", stock=1), price=Decimal("8"), currency="EUR")
    today = timezone.localdate()

    def ids(**kw):
        return {s.pk for s in sales_report.filtered(sales_report.SaleFilters(**kw))}

    assert ids(start=today - datetime.timedelta(days=7)) == {vinted.pk, by_hand.pk}
    assert ids(end=today - datetime.timedelta(days=30)) == {old.pk}
    assert ids(channel="vinted") == ids(account="acc-1") == {vinted.pk}
    assert ids(brand="sézane") == {by_hand.pk}


def test_sell_through_by_brand_counts_sold_against_stock_left(in_shop_a):
    product = ProductFactory(brand_name="Zara", stock=3, status=Product.Status.LISTED)
    sales.record_sale(product, price=Decimal("5"), currency="EUR")
    ProductFactory(brand_name="Zara", stock=2, status=Product.Status.READY)
    rows = sales_report.sell_through(sales_report.filtered(sales_report.SaleFilters()), "brand")
    assert rows == [{"key": "Zara", "sold": 1, "in_stock": 4, "rate": 0.2}]


def test_sales_page_shows_totals_chart_and_the_sales(seller_a):
    _sold(price="20", cost="5")
    response = seller_a.get(reverse("catalog:sales"))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-total="revenue">€20.00' in body and 'data-total="margin">€15.00' in body
    assert 'id="sales-chart-data"' in body and "Sell-through by category" in body


def test_sales_page_with_an_end_before_the_start_shows_the_field_error(seller_a):
    response = seller_a.get(reverse("catalog:sales"), {"start": "2026-05-02", "end": "2026-05-01"})
    assert response.status_code == 400 and response.context["form"].errors["end"]


def test_sales_page_with_a_bad_date_shows_the_field_error(seller_a):
    response = seller_a.get(reverse("catalog:sales"), {"start": "yesterday"})
    assert response.status_code == 400 and response.context["form"].errors["start"]


def test_edit_sale_page_saves_the_details(seller_a):
    sale = _sold(price="20", cost="5")
    response = seller_a.post(
        reverse("catalog:sale_edit", args=[sale.public_id]),
        {
            "sold_at": "2026-11-30T10:00",
            "price": "18",
            "cost_price": "5",
            "shipping_cost": "2",
            "fees": "",
            "buyer_ref": "paul",
            "payment_method": "cash",
        },
    )
    assert response.status_code == 302
    sale.refresh_from_db()
    assert (sale.price, sale.shipping_cost, sale.margin, sale.payment_method) == (
        Decimal("18.00"),
        Decimal("2.00"),
        Decimal("11.00"),
        "cash",
    )


def test_edit_sale_page_with_a_negative_fee_shows_the_field_error(seller_a):
    sale = _sold()
    response = seller_a.post(
        reverse("catalog:sale_edit", args=[sale.public_id]),
        {"sold_at": "2026-11-30T10:00", "price": "18", "fees": "-2"},
    )
    assert response.status_code == 400 and response.context["form"].errors["fees"]
    sale.refresh_from_db()
    assert sale.price == Decimal("20.00") and sale.fees is None


def test_viewer_cannot_edit_or_cancel_a_sale(viewer_a):
    sale = _sold()
    assert viewer_a.post(reverse("catalog:sale_cancel", args=[sale.public_id])).status_code == 403
    sale.refresh_from_db()
    assert sale.cancelled_at is None


def test_cancel_button_puts_the_item_back_in_stock(seller_a):
    sale = _sold()
    assert seller_a.post(reverse("catalog:sale_cancel", args=[sale.public_id])).status_code == 302
    assert Product.objects.get(pk=sale.product_id).stock == 1


def test_record_a_sale_by_hand_from_the_sales_page(seller_a):
    ProductFactory(sku="FAIR-1", stock=1, price=Decimal("15"))
    response = seller_a.post(
        reverse("catalog:sale_new"),
        {"sku": "FAIR-1", "price": "12", "quantity": "1", "payment_method": "cash", "buyer_ref": "stand 4"},
    )
    assert response.status_code == 302
    sale = Sale.objects.get()
    assert (sale.channel, sale.price, sale.payment_method, sale.buyer_ref) == (
        "manual",
        Decimal("12.00"),
        "cash",
        "stand 4",
    )


def test_record_a_sale_by_hand_with_an_unknown_sku_shows_the_field_error(seller_a):
    response = seller_a.post(reverse("catalog:sale_new"), {"sku": "NOPE", "quantity": "1"})
    assert response.status_code == 400 and response.context["form"].errors["sku"]
    assert not Sale.objects.exists()


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_export_has_the_livre_des_recettes_columns_first_and_skips_cancelled_sales(seller_a):
    product = ProductFactory(sku="=HACK", title="Robe", stock=3, cost_price=Decimal("2"))
    sale = sales.record_sale(
        product, price=Decimal("7.50"), currency="EUR", quantity=2, buyer_ref="léa", payment_method="card"
    )
    sales.cancel_sale(sales.record_sale(product, price=Decimal("1"), currency="EUR"))
    rows = _csv(seller_a.get(reverse("catalog:sales_export")))
    assert rows[0][:5] == ["date", "buyer_reference", "nature", "amount", "means_of_payment"]
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["date"] == timezone.localtime(sale.sold_at).date().isoformat()
    assert (row["buyer_reference"], row["amount"], row["means_of_payment"], row["currency"]) == (
        "léa",
        "15.00",
        "Card",
        "EUR",
    )
    assert row["nature"] == "Sale of goods: Robe (=HACK)" and row["sku"] == "'=HACK"
    assert row["margin"] == "11.00"


def test_shop_b_sees_none_of_shop_a_sales(client_b, shop_a, shop_b):
    from django_tenants.utils import tenant_context

    with tenant_context(shop_a.tenant):
        _sold(price="77")
    body = client_b.get(reverse("catalog:sales")).content.decode()
    assert "77.00" not in body and "No sale matches these filters." in body


# --- API ---------------------------------------------------------------------------------------


def test_api_lists_sales_with_filters_and_totals_per_currency(api_a, in_shop_a):
    _sold(price="10", channel="vinted", account_ref="x", listing_ref="1")
    _sold(price="4")
    listed = api_a.get("/api/v1/sales/", {"channel": "vinted"}).json()
    assert [row["price"] for row in listed["results"]] == ["10.00"]
    totals = api_a.get("/api/v1/sales/totals/").json()
    assert totals == [
        {
            "currency": "EUR",
            "sales": 2,
            "units": 2,
            "revenue": "14.00",
            "cost": "10.00",
            "expenses": "0.00",
            "margin": "4.00",
            "days_to_sell": 4.0,
        }
    ]


def test_api_with_a_bad_filter_answers_400_naming_the_field(api_a, in_shop_a):
    response = api_a.get("/api/v1/sales/", {"start": "not-a-date"})
    assert response.status_code == 400 and "start" in response.json()


def test_api_records_edits_and_cancels_a_sale(api_a, in_shop_a):
    ProductFactory(sku="API-1", stock=1, price=Decimal("9"))
    created = api_a.post("/api/v1/sales/", {"sku": "API-1", "payment_method": "cash"}, format="json")
    assert created.status_code == 201 and created.json()["price"] == "9.00"
    sale_id = created.json()["id"]
    patched = api_a.patch(f"/api/v1/sales/{sale_id}/", {"fees": "1.00"}, format="json")
    assert patched.status_code == 200 and patched.json()["margin"] == "4.00"
    cancelled = api_a.post(f"/api/v1/sales/{sale_id}/cancel/", {}, format="json")
    assert cancelled.status_code == 200 and cancelled.json()["cancelled_at"]
    assert Product.objects.get(sku="API-1").stock == 1


@pytest.mark.parametrize(
    "path, data, field",
    [
        ("/api/v1/sales/", {"sku": "API-2", "quantity": 0}, "quantity"),
        ("/api/v1/sales/", {"sku": "NOPE"}, "sku"),
        ("/api/v1/sales/", {"sku": "API-2", "quantity": 5}, "quantity"),
        ("/api/v1/sales/", {"sku": "API-2", "fees": "-1"}, "fees"),
    ],
)
def test_api_record_with_bad_input_answers_400_naming_the_field(api_a, in_shop_a, path, data, field):
    ProductFactory(sku="API-2", stock=1)
    response = api_a.post(path, data, format="json")
    assert response.status_code == 400 and field in response.json()
    assert not Sale.objects.exists()


def test_api_edit_with_a_negative_shipping_cost_answers_400(api_a, in_shop_a):
    sale = _sold()
    response = api_a.patch(f"/api/v1/sales/{sale.public_id}/", {"shipping_cost": "-3"}, format="json")
    assert response.status_code == 400 and "shipping_cost" in response.json()


def test_sales_endpoints_are_in_the_openapi_schema(api_a):
    from drf_spectacular.generators import SchemaGenerator

    paths = SchemaGenerator().get_schema(public=True)["paths"]
    assert {
        "/api/v1/sales/",
        "/api/v1/sales/totals/",
        "/api/v1/sales/{public_id}/",
        "/api/v1/sales/{public_id}/cancel/",
    } <= set(paths)


def test_dashboard_revenue_counts_only_sales_in_the_shops_currency(in_shop_a):
    _sold(price="10", cost="4")
    _sold(price="30", cost="10", currency="GBP")
    figures = selectors.dashboard_figures(currency="EUR")
    assert (figures["revenue"], figures["profit"], figures["sold_count"]) == (Decimal("10.00"), Decimal("6.00"), 2)
    assert figures["other_currencies"] == ["GBP"]
