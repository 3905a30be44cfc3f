"""Price suggestions from the shop's own sales and listings."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from django.utils.translation import override

from catalog import pricing
from catalog.models import Product, Sale
from catalog.taxonomy.models import Condition
from catalog.taxonomy.selectors import leaf_categories
from catalog.tests.factories import ProductFactory, SaleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def jeans(in_shop_a):
    """The item to price: a Levi's in the factory's category and condition, not sold yet."""
    return ProductFactory(brand_name="Levi's", price=Decimal("20"))


def sold_like(product, price, *, days_to_sell=10, **changes):
    fields = {"category": product.category, "condition": product.condition, "brand_name": product.brand_name, **changes}
    return SaleFactory(
        product__category=fields["category"],
        product__condition=fields["condition"],
        product__brand_name=fields["brand_name"],
        price=Decimal(price),
        days_to_sell=days_to_sell,
    )


def test_suggest_price_with_enough_similar_sales_gives_quartiles_median_and_time_to_sell(jeans):
    for price, days in (("10", 4), ("14", 8), ("18", 9), ("22", 12), ("30", 12)):
        sold_like(jeans, price, days_to_sell=days)

    suggestion = pricing.suggest_for_product(jeans, "EUR")

    assert (suggestion.low, suggestion.median, suggestion.high) == (
        Decimal("14.00"),
        Decimal("18.00"),
        Decimal("22.00"),
    )
    assert (suggestion.sold, suggestion.match, suggestion.widened) == (5, "exact", False)
    assert round(suggestion.days_to_sell) == 9
    with override("en"):
        assert suggestion.basis == "5 similar items sold in 90 days, median €18.00, sold in 9 days on average."
    with override("fr"):
        assert "médiane 18,00\xa0€" in suggestion.basis


def test_suggest_price_ignores_other_brands_conditions_old_cancelled_and_other_currency_sales(jeans):
    other_condition = Condition.objects.exclude(pk=jeans.condition_id).first()
    for price in ("10", "12", "14"):
        sold_like(jeans, price)
    sold_like(jeans, "99", brand_name="Zara")
    sold_like(jeans, "99", condition=other_condition)
    old = sold_like(jeans, "99")
    old.sold_at = timezone.now() - datetime.timedelta(days=91)
    old.save()
    cancelled = sold_like(jeans, "99")
    cancelled.cancelled_at = timezone.now()
    cancelled.save()
    pounds = sold_like(jeans, "99")
    pounds.currency = "GBP"
    pounds.save()

    suggestion = pricing.suggest_for_product(jeans, "EUR")

    assert (suggestion.sold, suggestion.median, suggestion.high) == (3, Decimal("12.00"), Decimal("13.00"))


def test_suggest_price_with_too_few_exact_sales_widens_to_the_brand_in_the_parent_category_and_says_so(jeans):
    sibling = leaf_categories().filter(parent_id=jeans.category.parent_id).exclude(pk=jeans.category_id).first()
    sold_like(jeans, "20")
    for price in ("30", "40"):
        sold_like(jeans, price, category=sibling, condition=None)

    suggestion = pricing.suggest_for_product(jeans, "EUR")

    assert (suggestion.match, suggestion.widened, suggestion.sold, suggestion.median) == (
        "parent_brand",
        True,
        3,
        Decimal("30.00"),
    )


def test_suggest_price_widens_to_the_brand_alone_when_the_parent_category_has_too_few(jeans):
    elsewhere = leaf_categories().exclude(parent_id=jeans.category.parent_id).first()
    for price in ("8", "9", "10"):
        sold_like(jeans, price, category=elsewhere)

    suggestion = pricing.suggest_for_product(jeans, "EUR")

    assert (suggestion.match, suggestion.widened, suggestion.median) == ("brand", True, Decimal("9.00"))


def test_suggest_price_with_no_sale_but_similar_listings_uses_their_prices_and_says_there_were_too_few_sales(jeans):
    for price in ("15", "25"):
        ProductFactory(brand_name="Levi's", price=Decimal(price), status=Product.Status.LISTED)
    ProductFactory(brand_name="Levi's", price=Decimal("99"), status=Product.Status.DRAFT)

    suggestion = pricing.suggest_for_product(jeans, "EUR")

    assert (suggestion.sold, suggestion.listed, suggestion.median) == (0, 2, Decimal("20.00"))
    with override("en"):
        assert suggestion.basis.startswith("Too few similar sales in 90 days; 2 similar items for sale now")


def test_suggest_price_with_nothing_similar_gives_none(jeans):
    sold_like(jeans, "50", brand_name="Zara", category=leaf_categories().exclude(pk=jeans.category_id).first())

    assert pricing.suggest_for_product(jeans, "EUR") is None


def test_product_page_shows_the_suggested_range_and_its_basis(seller_a):
    product = ProductFactory(brand_name="Levi's")
    for price in ("10", "20", "30"):
        sold_like(product, price)

    page = seller_a.get(f"/catalog/{product.public_id}/").content.decode()

    assert "data-price-suggestion" in page
    assert "3 similar items sold in 90 days, median €20.00" in page
    edit = seller_a.get(f"/catalog/{product.public_id}/edit/").content.decode()
    assert "data-price-range" in edit


def test_suggest_price_without_a_brand_matches_category_and_condition_then_the_parent_category(in_shop_a):
    no_brand = ProductFactory(brand_name="")
    sibling = leaf_categories().filter(parent_id=no_brand.category.parent_id).exclude(pk=no_brand.category_id).first()
    for price in ("10", "12", "14"):
        sold_like(no_brand, price, brand_name="Zara")

    exact = pricing.suggest_for_product(no_brand, "EUR")
    assert (exact.match, exact.widened, exact.median) == ("category", False, Decimal("12.00"))

    Sale.objects.all().update(product=ProductFactory(category=sibling, status=Product.Status.SOLD, stock=0))
    widened = pricing.suggest_for_product(no_brand, "EUR")
    assert (widened.match, widened.widened, widened.sold) == ("parent", True, 3)


def sold_three(product):
    for price in ("10", "20", "30"):
        sold_like(product, price)


def test_new_product_form_asks_for_the_category_before_it_can_suggest_a_price(seller_a):
    page = seller_a.get("/catalog/new/").content.decode()

    assert 'hx-get="/catalog/price-suggestion/"' in page
    assert "data-price-waiting" in page and "data-price-range" not in page


def test_price_suggestion_fragment_for_the_chosen_category_brand_and_condition_shows_the_range_and_basis(seller_a):
    product = ProductFactory(brand_name="Levi's")
    sold_three(product)

    response = seller_a.get(
        "/catalog/price-suggestion/",
        {"category": product.category_id, "brand_name": "levi's", "condition": product.condition_id},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page  # a fragment for HTMX
    assert "3 similar items sold in 90 days, median €20.00" in page
    assert "Compared on:" in page


def test_price_suggestion_fragment_for_the_edited_product_leaves_the_product_out(seller_a):
    product = ProductFactory(brand_name="Levi's", price=Decimal("999"), status=Product.Status.READY)
    similar = ProductFactory(category=product.category, condition=product.condition, brand_name="Levi's")
    similar.price = Decimal("15")
    similar.status = Product.Status.READY
    similar.save()
    choices = {"category": product.category_id, "brand_name": "Levi's", "condition": product.condition_id}

    alone = seller_a.get("/catalog/price-suggestion/", {**choices, "product": str(product.public_id)})

    assert "€999.00" not in alone.content.decode() and "€15.00" in alone.content.decode()


def test_price_suggestion_fragment_with_nothing_similar_says_so(seller_a):
    category = leaf_categories().first()

    page = seller_a.get("/catalog/price-suggestion/", {"category": category.pk}).content.decode()

    assert "Nothing similar sold or listed in the last 90 days" in page


def test_price_suggestion_fragment_with_ids_that_name_nothing_answers_the_hint_not_an_error(seller_a):
    response = seller_a.get("/catalog/price-suggestion/", {"category": "abc", "condition": "-1", "product": "x"})

    assert response.status_code == 200
    assert "data-price-waiting" in response.content.decode()


def test_price_suggestion_fragment_as_shop_b_with_shop_a_choices_shows_nothing_of_shop_a(client_b, shop_a, shop_b):
    from django_tenants.utils import tenant_context

    with tenant_context(shop_a.tenant):
        product = ProductFactory(brand_name="Levi's")
        sold_three(product)

    page = client_b.get(
        "/catalog/price-suggestion/",
        {"category": product.category_id, "brand_name": "Levi's", "condition": product.condition_id},
    ).content.decode()

    assert "data-price-range" not in page and "Nothing similar sold or listed" in page


def test_new_product_form_sent_with_errors_suggests_a_price_for_its_choices(seller_a):
    product = ProductFactory(brand_name="Levi's")
    sold_three(product)

    response = seller_a.post(
        "/catalog/new/",
        {"title": "", "category": product.category_id, "brand_name": "Levi's", "condition": product.condition_id},
    )

    assert response.status_code == 400
    assert "3 similar items sold in 90 days, median €20.00" in response.content.decode()
