"""The product form's category picker: type-ahead over every leaf (English and French, accents and
case ignored, breadcrumbs), then the category's sizes, conditions and package size."""

from django.urls import reverse
from django.utils import translation

from catalog import extensions
from catalog.taxonomy import services
from catalog.taxonomy.models import Condition, PackageSize
from catalog.tests.factories import ProductFactory, leaf


def _search(client, text, **extra):
    return client.get(reverse("catalog:category_search"), {"category_q": text}, **extra).content.decode()


def test_category_search_matches_leaves_in_english_and_french_ignoring_accents_and_case(seller_a):
    body = _search(seller_a, "ROBES midi")
    assert f'value="{leaf(1056).pk}"' in body and "Women › Clothing › Dresses" in body
    assert f'value="{leaf(178).pk}"' not in body
    assert f'value="{leaf(1043).pk}"' in _search(seller_a, "chemisiers")
    assert f'value="{leaf(1843).pk}"' in _search(seller_a, "jeans troues")


def test_category_search_shows_french_breadcrumbs_in_french(seller_a):
    body = _search(seller_a, "t-shirt", HTTP_ACCEPT_LANGUAGE="fr")
    assert "Femmes › Vêtements › Hauts et t-shirts" in body


def test_category_search_offers_only_leaves_and_says_when_nothing_matches(seller_a):
    assert f'value="{leaf(221).parent.pk}"' not in _search(seller_a, "tops")
    assert "No category matches" in _search(seller_a, "zzzz")
    assert _search(seller_a, "   ").strip() == ""


def test_category_search_finds_a_leaf_the_marketplace_tree_added_and_not_a_retired_one(seller_a):
    nodes = [
        services.ExternalCategory(1904, None, "Women", "Femmes", False),
        services.ExternalCategory(4, 1904, "Clothing", "Vêtements", False),
        services.ExternalCategory(9000001, 4, "Skirts", "Jupes", False),
        services.ExternalCategory(9000002, 9000001, "Midi skirts", "Jupes mi-longues", True),
    ]
    services.sync_marketplace_tree("vinted", "sandbox:fr", nodes)
    assert "Women › Clothing › Skirts" in _search(seller_a, "jupe mi longue")
    services.sync_marketplace_tree("vinted", "sandbox:fr", nodes[:3])
    assert "No category matches" in _search(seller_a, "jupe mi longue")


def test_category_fields_offer_the_sizes_and_what_the_marketplace_allows(seller_a):
    new_with_tags = Condition.objects.get(external_ids__contains={"vinted": 6})
    medium = PackageSize.objects.get(external_ids__contains={"vinted": 2})
    entry = extensions.CategoryAdvice(
        name="test-market",
        advise=lambda request, category: extensions.Advice(
            source="Test market",
            condition_ids=frozenset({new_with_tags.pk}),
            package_size_ids=(medium.pk,),
            required=frozenset({"size", "brand_name"}),
        ),
    )
    extensions.register(entry)
    try:
        body = seller_a.get(reverse("catalog:category_fields"), {"category": leaf(221).pk}).content.decode()
    finally:
        extensions.unregister(entry)
    assert "M / 38 / 10" in body and "38.5" not in body
    conditions = body[body.index('name="condition"') : body.index("</select>", body.index('name="condition"'))]
    assert new_with_tags.label in conditions and "Very good" not in conditions
    assert f'value="{medium.pk}" selected' in body and "Suggested for this category: Medium" in body
    assert "Required on Test market: Brand, Size" in body
    assert 'id="category-chosen" hx-swap-oob="true"' in body and f'value="{leaf(221).pk}" checked' in body


def test_product_form_shows_the_chosen_category_with_its_breadcrumb_and_no_select(seller_a):
    product = ProductFactory(category=leaf(178))
    body = seller_a.get(reverse("catalog:edit", args=[product.public_id])).content.decode()
    assert f'name="category" value="{leaf(178).pk}" checked' in body
    assert "Women › Clothing › Dresses › Mini-dresses" in body and '<select name="category"' not in body


def test_product_form_refuses_a_category_no_longer_offered(seller_a):
    from .test_pages import form_data

    product = ProductFactory(category=leaf(178))
    leaf(178).__class__.objects.filter(pk=leaf(178).pk).update(is_active=False)
    response = seller_a.post(reverse("catalog:edit", args=[product.public_id]), form_data(category=str(leaf(178).pk)))
    assert response.status_code == 400
    with translation.override("en"):
        assert response.context["form"].errors["category"] == ["This category is no longer offered: choose another."]


def test_product_page_shows_the_category_per_marketplace_site_and_a_retired_one(seller_a):
    nodes = [
        services.ExternalCategory(1904, None, "Women", "Femmes", False),
        services.ExternalCategory(4, 1904, "Clothing", "Vêtements", False),
        services.ExternalCategory(10, 4, "Dresses", "Robes", False),
        services.ExternalCategory(178, 10, "Mini-dresses", "Mini-robes", True),
    ]
    services.sync_marketplace_tree("vinted", "www.vinted.fr", nodes)
    services.sync_marketplace_tree("vinted", "www.vinted.co.uk", nodes)
    services.sync_marketplace_tree("vinted", "www.vinted.co.uk", nodes[:3])
    product = ProductFactory(category=leaf(178))
    body = seller_a.get(reverse("catalog:detail", args=[product.public_id])).content.decode()
    assert "Vinted www.vinted.fr: category 178" in body
    assert "Vinted www.vinted.co.uk: <span" in body and "no longer exists there" in body
    assert leaf(178).is_active  # still listed on another site
