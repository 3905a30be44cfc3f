"""Product pages: list, search, filters, forms with field errors, bulk actions, dashboard."""

import html
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from catalog import sales
from catalog.models import Product
from catalog.taxonomy.models import Category, Condition, Size
from catalog.tests.factories import ProductFactory, image_bytes, leaf


def form_data(**overrides):
    data = {
        "sku": "P-1",
        "title": "Wool cardigan",
        "price": "25.00",
        "stock": "1",
        "status": "draft",
        "category": str(leaf(194).pk),
        "size": str(Size.objects.get(external_ids__contains={"vinted": 4}).pk),
        "condition": str(Condition.objects.get(external_ids__contains={"vinted": 2}).pk),
        "brand_name": "Zara",
    }
    data.update(overrides)
    return data


def test_list_search_finds_title_sku_brand_and_description_prefixes(seller_a):
    ProductFactory(title="Striped marinière", sku="MAR-77", brand_name="Petit Bateau", description="navy blue")
    ProductFactory(title="Plain shirt")
    for query in ("marinière", "strip", "MAR-77", "mar-7", "petit bat", "navy"):
        response = seller_a.get(reverse("catalog:list"), {"q": query})
        assert [p.sku for p in response.context["page"]] == ["MAR-77"], query


def test_list_search_ignores_accents_in_the_products_and_in_the_query(seller_a):
    ProductFactory(sku="S-1", brand_name="Sézane", title="Robe portefeuille")
    ProductFactory(sku="S-2", brand_name="Sézane", title="Blouse")
    ProductFactory(sku="C-1", title="Pull crème cœur", description="")
    ProductFactory(sku="N-1", title="Plain shirt")
    for query, skus in (
        ("sezane", ["S-1", "S-2"]),
        ("Sézane", ["S-1", "S-2"]),
        ("SEZANE robe", ["S-1"]),
        ("creme", ["C-1"]),
        ("CRÉME", ["C-1"]),
        ("coeur", ["C-1"]),
        ("cœur", ["C-1"]),
        ("crè", ["C-1"]),
    ):
        response = seller_a.get(reverse("catalog:list"), {"q": query})
        assert sorted(p.sku for p in response.context["page"]) == skus, query


def test_list_search_finds_a_sku_typed_with_or_without_its_punctuation(seller_a):
    for sku in ("AB.12/C", "LOU_001", "X-2024-05"):
        ProductFactory(sku=sku, title="Plain tee")
    for query, sku in (
        ("ab.12/c", "AB.12/C"),
        ("AB 12", "AB.12/C"),
        ("lou_001", "LOU_001"),
        ("lou 0", "LOU_001"),
        ("X-2024-0", "X-2024-05"),
        ("x 2024 05", "X-2024-05"),
    ):
        response = seller_a.get(reverse("catalog:list"), {"q": query})
        assert [p.sku for p in response.context["page"]] == [sku], query


def test_list_filters_by_status_category_condition_and_photos(seller_a):
    ProductFactory(title="Listed jeans", status=Product.Status.LISTED, category=leaf(1844), photos=1)
    ProductFactory(title="Draft tee")
    response = seller_a.get(
        reverse("catalog:list"), {"status": "listed", "has_photos": "yes", "category": leaf(1844).parent_id}
    )
    body = response.content.decode()
    assert "Listed jeans" in body and "Draft tee" not in body


def test_list_paginates_fifty_a_page_stably(seller_a):
    Product.objects.bulk_create([Product(sku=f"B-{i:03d}", title=f"Bulk {i:03d}", price=1) for i in range(120)])
    seen = []
    for page in (1, 2, 3):
        response = seller_a.get(reverse("catalog:list"), {"page": page, "sort": "title"})
        seen += [p.sku for p in response.context["page"]]
    assert len(seen) == 120 == len(set(seen))


def test_create_product_with_photos_redirects_to_detail(seller_a):
    data = form_data(
        photos=[SimpleUploadedFile("a.jpg", image_bytes()), SimpleUploadedFile("b.png", image_bytes(fmt="PNG"))]
    )
    response = seller_a.post(reverse("catalog:create"), data)
    product = Product.objects.get(sku="P-1")
    assert response.status_code == 302 and product.photo_count == 2 and product.brand.name_en == "Zara"


def test_create_product_missing_fields_shows_field_errors_and_keeps_input(seller_a):
    response = seller_a.post(reverse("catalog:create"), form_data(title="", price="-3"))
    assert response.status_code == 400
    assert set(response.context["form"].errors) >= {"title", "price"}
    assert 'value="P-1"' in response.content.decode()


def test_create_product_non_image_photo_shows_error_on_photos(seller_a):
    response = seller_a.post(reverse("catalog:create"), form_data(photos=[SimpleUploadedFile("x.txt", b"hello")]))
    assert response.status_code == 400 and "photos" in response.context["form"].errors
    assert not Product.objects.exists()


def test_create_product_over_quota_shows_message(seller_a, product_limit):
    product_limit(0)
    response = seller_a.post(reverse("catalog:create"), form_data())
    assert response.status_code == 400 and "Your plan allows 0 products" in response.content.decode()


def test_edit_product_wrong_size_for_category_is_a_field_error(seller_a):
    product = ProductFactory()
    shoe = Size.objects.get(external_ids__contains={"vinted": 776})
    response = seller_a.post(reverse("catalog:edit", args=[product.public_id]), form_data(size=str(shoe.pk)))
    assert response.status_code == 400 and "size" in response.context["form"].errors


def test_size_options_lists_only_the_category_group(seller_a):
    response = seller_a.get(reverse("catalog:size_options"), {"category": leaf(1242).pk})
    body = response.content.decode()
    assert ">38.5<" in body and "M / 38 / 10" not in body


def test_brand_options_suggests_matching_brands(seller_a):
    body = seller_a.get(reverse("catalog:brand_options"), {"brand_name": "za"}).content.decode()
    assert 'value="Zara"' in body and "Nike" not in body


def test_bulk_archive_then_restore_and_price_change(seller_a):
    one, two = ProductFactory(price=Decimal("10.00")), ProductFactory(price=Decimal("20.00"))
    ids = [str(one.public_id), str(two.public_id)]
    seller_a.post(reverse("catalog:bulk"), {"action": "archive", "ids": ids})
    assert set(Product.objects.values_list("status", flat=True)) == {"archived"}
    seller_a.post(reverse("catalog:bulk"), {"action": "price", "percent": "10", "ids": ids})
    assert sorted(Product.objects.values_list("price", flat=True)) == [Decimal("11.00"), Decimal("22.00")]
    seller_a.post(reverse("catalog:bulk"), {"action": "delete", "ids": ids})
    assert Product.objects.alive().count() == 0
    seller_a.post(reverse("catalog:bulk"), {"action": "restore", "ids": ids})
    assert Product.objects.alive().count() == 2


@pytest.mark.parametrize("next_url", ["//evil.example/phish", "https://evil.example/", "javascript:alert(1)"])
def test_bulk_with_an_outside_next_url_returns_to_the_list(seller_a, next_url):
    product = ProductFactory()
    response = seller_a.post(
        reverse("catalog:bulk"), {"action": "archive", "ids": [str(product.public_id)], "next": next_url}
    )
    assert response.status_code == 302 and response.url == reverse("catalog:list")


def test_bulk_with_a_local_next_url_goes_back_there(seller_a):
    product = ProductFactory()
    response = seller_a.post(
        reverse("catalog:bulk"),
        {"action": "archive", "ids": [str(product.public_id)], "next": "/catalog/?status=draft"},
    )
    assert response.url == "/catalog/?status=draft"


def test_viewer_cannot_change_products(viewer_a):
    product = ProductFactory()
    assert viewer_a.get(reverse("catalog:list")).status_code == 200
    response = viewer_a.post(reverse("catalog:bulk"), {"action": "delete", "ids": [str(product.public_id)]})
    assert response.status_code == 403 and Product.objects.alive().count() == 1


def test_duplicate_product_opens_the_copy_for_editing(seller_a):
    product = ProductFactory(sku="D-1")
    response = seller_a.post(reverse("catalog:duplicate", args=[product.public_id]))
    copy = Product.objects.get(sku="D-1-copy")
    assert response.url == reverse("catalog:edit", args=[copy.public_id])


def test_detail_shows_unmapped_brand_and_out_of_stock_warning(seller_a):
    product = ProductFactory(brand_name="Maison Obscure", stock=0)
    body = seller_a.get(reverse("catalog:detail", args=[product.public_id])).content.decode()
    assert "unmapped" in body and "cannot be published" in body


def test_photo_served_to_own_shop_as_jpeg(seller_a):
    photo = ProductFactory(photos=1).photos.get()
    response = seller_a.get(reverse("catalog:photo", args=[photo.public_id, "thumb"]))
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"


def test_upload_photo_page_reports_bad_file_by_name(seller_a):
    product = ProductFactory()
    response = seller_a.post(
        reverse("catalog:photo_upload", args=[product.public_id]),
        {"photos": [SimpleUploadedFile("notes.txt", b"hi"), SimpleUploadedFile("ok.jpg", image_bytes())]},
        follow=True,
    )
    body = response.content.decode()
    assert "notes.txt" in body and "1 photo added" in body


def test_dashboard_shows_stock_value_and_sold_this_month(seller_a):
    from django.utils import timezone

    ProductFactory(
        price=Decimal("30.00"),
        cost_price=Decimal("10.00"),
        stock=2,
        status=Product.Status.LISTED,
        listed_at=timezone.now(),
    )
    sold = ProductFactory(price=Decimal("50.00"), cost_price=Decimal("20.00"), status=Product.Status.LISTED)
    sales.record_sale(sold, price=Decimal("45.00"), currency="EUR")  # sold below the catalog price
    response = seller_a.get(reverse("dashboard"), {"days": 30})
    body = response.content.decode()
    assert "€60.00" in body and "€20.00" in body  # stock at price, stock at cost
    assert "€45.00" in body and "€25.00" in body  # revenue and profit at the price paid
    assert 'id="catalog-chart-data"' in body and "vendor/chart.umd.min.js" in body


def test_pages_render_in_french(seller_a):
    product = ProductFactory()
    seller_a.cookies["django_language"] = "fr"
    body = seller_a.get(reverse("catalog:detail", args=[product.public_id]), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Très bon état" in body and "Modifier" in body


def category_groups(body: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """The category <select>'s option groups: [(group label, [(value, label), ...]), ...]."""
    select = re.search(r'<select name="category"[^>]*>(.*?)</select>', body, re.S).group(1)
    groups = [
        (html.unescape(label), re.findall(r'<option value="(\d+)"[^>]*>([^<]*)</option>', options))
        for label, options in re.findall(r'<optgroup label="([^"]*)">(.*?)</optgroup>', select, re.S)
    ]
    outside = re.sub(r"<optgroup.*?</optgroup>", "", select, flags=re.S)
    assert re.findall(r'<option value="(\d+)"', outside) == [], "every category sits in a group"
    return [(label, [(value, html.unescape(text)) for value, text in options]) for label, options in groups]


def test_product_form_picker_and_list_filter_offer_the_same_leaf_categories(seller_a):
    in_filter = category_groups(seller_a.get(reverse("catalog:list")).content.decode())
    offered = [int(value) for _label, options in in_filter for value, _text in options]
    leaves = Category.objects.filter(is_leaf=True, is_active=True)
    assert sorted(offered) == sorted(leaves.values_list("pk", flat=True))
    for group, options in in_filter:
        for value, text in options:
            found = seller_a.get(reverse("catalog:category_search"), {"category_q": f"{group} {text}"})
            assert f'value="{value}"' in found.content.decode(), (group, text)
    groups = dict(in_filter)
    assert [text for _value, text in groups["Women › Clothing › Dresses"]] == [
        "Mini-dresses",
        "Midi-dresses",
        "Long dresses",
    ]
    assert [text for _value, text in groups["Women › Clothing › Tops & t-shirts"]] == ["T-shirts", "Blouses"]
    assert "Men › Clothing › Tops & t-shirts › T-shirts" not in str(in_filter)


def test_product_form_says_where_to_ask_for_a_missing_category(seller_a, settings):
    settings.CATALOG_CATEGORY_REQUEST_URL = "mailto:ops@example.com?subject=Category"
    body = seller_a.get(reverse("catalog:create")).content.decode()
    assert 'Missing a category? <a href="mailto:ops@example.com?subject=Category"' in body


def test_list_over_the_count_cap_says_more_than_and_keeps_paging(seller_a, monkeypatch):
    from catalog.pagination import CappedPaginator

    monkeypatch.setattr(CappedPaginator, "cap", 60)
    Product.objects.bulk_create([Product(sku=f"C-{i:03d}", title=f"Capped {i:03d}", price=1) for i in range(130)])
    response = seller_a.get(reverse("catalog:list"), {"sort": "title", "page": 2})
    body = response.content.decode()
    assert "More than 60 products" in body and "Page 2<" in body and 'rel="next"' in body
    last = seller_a.get(reverse("catalog:list"), {"sort": "title", "page": 3}).context["page"]
    assert [p.sku for p in last] == [f"C-{i:03d}" for i in range(100, 130)]


def test_dashboard_figures_refresh_after_a_product_changes(seller_a):
    ProductFactory(price=Decimal("10.00"), stock=1, status=Product.Status.LISTED)
    assert "€10.00" in seller_a.get(reverse("dashboard")).content.decode()
    product = Product.objects.get()
    seller_a.post(reverse("catalog:bulk"), {"action": "price", "percent": "50", "ids": [product.public_id]})
    assert "€15.00" in seller_a.get(reverse("dashboard")).content.decode()


def test_empty_list_of_a_new_shop_invites_to_add_the_first_product_or_import(seller_a):
    page = seller_a.get(reverse("catalog:list")).content.decode()
    assert "No products match." not in page and "This shop has no products yet." in page
    assert f'href="{reverse("catalog:create")}">Add your first product' in page
    assert f'href="{reverse("catalog:import")}">Import a CSV file' in page
    french = seller_a.get(reverse("catalog:list"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Cette boutique n’a pas encore de produits." in french


def test_empty_list_because_of_a_filter_says_no_product_matches(seller_a):
    ProductFactory(title="Wool cardigan")
    page = seller_a.get(reverse("catalog:list"), {"q": "zzz-nothing"}).content.decode()
    assert "No products match." in page and "This shop has no products yet." not in page
