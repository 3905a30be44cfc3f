"""The sales ledger: sales by hand and from marketplaces, stock, margin, dashboard figures."""

from decimal import Decimal

import pytest
from django.urls import reverse

from catalog import extensions, sales, selectors
from catalog.models import Product, Sale
from catalog.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def announced():
    """What catalog announces to marketplaces (a test-only subscriber)."""
    calls = []
    entry = extensions.ProductUnavailable(
        name="test_recorder", handler=lambda product, **choice: calls.append((product.pk, choice))
    )
    extensions.register(entry)
    yield calls
    extensions.unregister(entry)


def test_record_sale_with_stock_left_takes_one_off_and_keeps_the_product_for_sale(in_shop_a, announced):
    product = ProductFactory(stock=3, status=Product.Status.LISTED, price=Decimal("20"), cost_price=Decimal("5"))
    sale = sales.record_sale(
        product, price=Decimal("18.00"), currency="EUR", channel="vinted", account_ref="acc", listing_ref="42"
    )
    product.refresh_from_db()
    assert (product.stock, product.status, product.sold_at) == (2, Product.Status.LISTED, None)
    assert (sale.price, sale.cost_price, sale.margin) == (Decimal("18.00"), Decimal("5.00"), Decimal("13.00"))
    assert announced == []


def test_record_sale_of_the_last_one_marks_sold_and_announces_it_with_the_sale(in_shop_a, announced):
    product = ProductFactory(stock=1, status=Product.Status.LISTED)
    sale = sales.record_sale(
        product, price=Decimal("9"), currency="EUR", channel="vinted", account_ref="acc", listing_ref="7"
    )
    product.refresh_from_db()
    assert product.status == Product.Status.SOLD and product.stock == 0 and product.sold_at
    assert announced == [(product.pk, {"takedown": "hide", "sale": sale, "user": None})]


def test_record_sale_of_the_same_listing_twice_records_it_once(in_shop_a):
    product = ProductFactory(stock=2)
    first = sales.record_sale(
        product, price=Decimal("9"), currency="EUR", channel="vinted", account_ref="a", listing_ref="7"
    )
    again = sales.record_sale(
        product, price=Decimal("9"), currency="EUR", channel="vinted", account_ref="a", listing_ref="7"
    )
    product.refresh_from_db()
    assert first.pk == again.pk and Sale.objects.count() == 1 and product.stock == 1


def test_a_sale_keeps_the_cost_price_of_its_time(in_shop_a):
    product = ProductFactory(stock=2, cost_price=Decimal("3"))
    sale = sales.record_sale(product, price=Decimal("10"), currency="EUR")
    product.cost_price = Decimal("8")
    product.save()
    sale.refresh_from_db()
    assert sale.cost_price == Decimal("3.00") and sale.margin == Decimal("7.00")


def test_stock_edited_to_zero_announces_the_product_unavailable_once(in_shop_a, announced):
    from catalog import services

    product = ProductFactory(stock=1, status=Product.Status.LISTED)
    services.update_product(product, {"stock": 0})
    services.update_product(product, {"title": "Still none left"})
    assert [pk for pk, _choice in announced] == [product.pk]


def test_dashboard_figures_count_sales_of_this_month_at_their_price(in_shop_a):
    a = ProductFactory(stock=2, price=Decimal("30"), cost_price=Decimal("10"))
    sales.record_sale(a, price=Decimal("25"), currency="EUR", quantity=2)
    sales.record_sale(ProductFactory(price=Decimal("99"), cost_price=None), price=Decimal("4"), currency="EUR")
    figures = selectors.dashboard_figures()
    assert figures["sold_count"] == 3
    assert figures["revenue"] == Decimal("54.00") and figures["profit"] == Decimal("34.00")


def test_mark_sold_by_hand_defaults_to_the_product_price_and_shows_the_sale(seller_a):
    product = ProductFactory(price=Decimal("14.00"), stock=1, status=Product.Status.READY)
    response = seller_a.post(reverse("catalog:sell", args=[product.public_id]), {"quantity": "1"}, follow=True)
    assert response.status_code == 200
    sale = Sale.objects.get()
    assert sale.price == Decimal("14.00") and sale.channel == "manual" and sale.currency == "EUR"
    body = response.content.decode()
    assert "data-sale-price>€14.00" in body and "by hand" in body


@pytest.mark.parametrize(
    "data, field",
    [
        ({"quantity": "1", "price": "-3"}, "price"),
        ({"quantity": "5"}, "quantity"),
        ({"quantity": "0"}, "quantity"),
        ({"quantity": "1", "price": "abc"}, "price"),
    ],
)
def test_mark_sold_with_bad_input_shows_the_field_error_and_records_nothing(seller_a, data, field):
    product = ProductFactory(stock=2)
    response = seller_a.post(reverse("catalog:sell", args=[product.public_id]), data)
    assert response.status_code == 400
    assert response.context["sell_form"].errors[field]
    assert not Sale.objects.exists()


def test_viewer_cannot_mark_sold(viewer_a):
    product = ProductFactory(stock=1)
    assert viewer_a.post(reverse("catalog:sell", args=[product.public_id]), {"quantity": "1"}).status_code == 403
    assert not Sale.objects.exists()


@pytest.fixture
def english_afterwards():
    """A French request leaves French active in this thread; the next tests expect English."""
    from django.utils import translation

    yield
    translation.activate("en")


def test_sales_card_and_sale_form_in_french(seller_a, english_afterwards):
    sold = ProductFactory(price=Decimal("14.00"), stock=2, cost_price=Decimal("4.00"))
    sales.record_sale(sold, price=Decimal("12.00"), currency="EUR")
    seller_a.cookies["django_language"] = "fr"
    body = seller_a.get(reverse("catalog:detail", args=[sold.public_id]), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Ventes" in body and "Marge\xa0:" in body and "saisie à la main" in body
    assert "Marquer comme vendu" in body and "Les masquer" in body


def test_csv_import_that_empties_the_stock_announces_the_product_unavailable(in_shop_a, announced):
    from catalog import csv_io
    from catalog.tests.test_csv import csv_text

    gone = ProductFactory(sku="CSV-GONE", stock=1, status=Product.Status.LISTED)
    kept = ProductFactory(sku="CSV-KEPT", stock=1, status=Product.Status.LISTED)
    report = csv_io.import_csv(
        in_shop_a.tenant,
        csv_text(
            [
                {"sku": "CSV-GONE", "title": "Gone", "price": "5", "stock": "0", "status": "listed"},
                {"sku": "CSV-KEPT", "title": "Kept", "price": "5", "stock": "2", "status": "listed"},
            ]
        ),
    )
    assert report.updated == 2, report.rejected
    assert [pk for pk, _choice in announced] == [gone.pk] and kept.pk != gone.pk
