"""The products API: by SKU, filters like the page, validation errors naming the field."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django_tenants.utils import tenant_context

from catalog.models import Product
from catalog.taxonomy.models import Colour, Size
from catalog.tests.factories import ProductFactory, image_bytes, leaf

pytestmark = pytest.mark.django_db


def in_a(shop_a):
    return tenant_context(shop_a.tenant)


def test_create_product_returns_201_with_currency_and_unmapped_flag(api_a, shop_a):
    with in_a(shop_a):
        category, size = leaf(221).pk, Size.objects.get(external_ids__contains={"vinted": 4}).pk
        colours = list(Colour.objects.values_list("pk", flat=True)[:2])
    response = api_a.post(
        "/api/v1/products/",
        {
            "sku": "API-1",
            "title": "Tee",
            "price": "15.00",
            "category": category,
            "size": size,
            "colours": colours,
            "brand_name": "Garage Label",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["currency"] == "EUR" and body["brand_unmapped"] is True and len(body["colours"]) == 2
    with in_a(shop_a):
        assert Product.objects.get(sku="API-1").category_id == category


@pytest.mark.parametrize(
    "payload,field",
    [
        ({"title": "No SKU", "price": "1"}, "sku"),
        ({"sku": "E-1", "title": "x" * 101, "price": "1"}, "title"),
        ({"sku": "E-2", "title": "t", "price": "-1"}, "price"),
        ({"sku": "E-3", "title": "t", "price": "abc"}, "price"),
        ({"sku": "E-4", "title": "t", "price": "1", "category": 999999}, "category"),
        ({"sku": "E-5", "title": "t", "price": "1", "colours": "COLOURS"}, "colours"),
    ],
)
def test_create_product_bad_field_answers_400_naming_it(api_a, payload, field):
    response = api_a.post("/api/v1/products/", payload, format="json")
    assert response.status_code == 400 and field in response.json()


def test_create_product_rules_from_the_service_name_the_field(api_a, shop_a):
    with in_a(shop_a):
        ProductFactory(sku="DUP")
        shoe_size = Size.objects.get(external_ids__contains={"vinted": 776}).pk
        category = leaf(221).pk
    response = api_a.post("/api/v1/products/", {"sku": "DUP", "title": "t", "price": "1"}, format="json")
    assert response.status_code == 400 and "sku" in response.json()
    response = api_a.post(
        "/api/v1/products/",
        {"sku": "S-1", "title": "t", "price": "1", "category": category, "size": shoe_size},
        format="json",
    )
    assert response.status_code == 400 and "size" in response.json()


def test_create_product_over_quota_answers_403_with_the_reason(api_a, shop_a, product_limit):
    product_limit(0)
    response = api_a.post("/api/v1/products/", {"sku": "Q", "title": "t", "price": "1"}, format="json")
    assert response.status_code == 403 and "plan allows 0" in response.json()["detail"]


def test_list_filters_and_searches_like_the_page(api_a, shop_a):
    with in_a(shop_a):
        ProductFactory(sku="L-1", title="Red dress", status=Product.Status.LISTED)
        ProductFactory(sku="L-2", title="Blue dress")
    body = api_a.get("/api/v1/products/", {"q": "dress", "status": "listed"}).json()
    assert body["count"] == 1 and body["results"][0]["sku"] == "L-1"


def test_list_search_ignores_accents_like_the_page(api_a, shop_a):
    with in_a(shop_a):
        ProductFactory(sku="S-1", brand_name="Sézane")
        ProductFactory(sku="S-2", title="Mariniere sezane")
        ProductFactory(sku="N-1", brand_name="Zara")
    for query in ("sezane", "Sézane"):
        body = api_a.get("/api/v1/products/", {"q": query}).json()
        assert sorted(row["sku"] for row in body["results"]) == ["S-1", "S-2"], query


def test_read_update_and_delete_by_sku(api_a, shop_a):
    with in_a(shop_a):
        ProductFactory(sku="U-1", price=Decimal("5.00"))
    assert api_a.get("/api/v1/products/U-1/").json()["price"] == "5.00"
    response = api_a.patch("/api/v1/products/U-1/", {"price": "7.50", "status": "sold"}, format="json")
    assert response.status_code == 200 and response.json()["sold_at"]
    assert api_a.delete("/api/v1/products/U-1/").status_code == 204
    assert api_a.get("/api/v1/products/U-1/").status_code == 404
    with in_a(shop_a):
        assert Product.objects.deleted().get(sku="U-1").price == Decimal("7.50")


def test_photo_upload_adds_photos_and_refuses_non_images(api_a, shop_a):
    with in_a(shop_a):
        ProductFactory(sku="PH-1")
    ok = api_a.post(
        "/api/v1/products/PH-1/photos/", {"photos": [SimpleUploadedFile("a.jpg", image_bytes())]}, format="multipart"
    )
    assert ok.status_code == 201 and ok.json()[0]["url"].endswith("/full.jpg")
    bad = api_a.post(
        "/api/v1/products/PH-1/photos/", {"photos": [SimpleUploadedFile("a.txt", b"text")]}, format="multipart"
    )
    assert bad.status_code == 400 and "a.txt" in bad.json()["photos"][0]


def test_viewer_token_cannot_write(shop_a):
    from rest_framework.test import APIClient

    from tenants import tokens
    from tenants.models import Membership
    from tests.factories import add_member

    viewer = add_member(shop_a, Membership.Role.VIEWER)
    _token, key = tokens.create(Membership.objects.get(user=viewer), "viewer")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/v1/products/").status_code == 200
    assert client.post("/api/v1/products/", {"sku": "V", "title": "t", "price": "1"}, format="json").status_code == 403


def test_anonymous_request_is_refused():
    assert Client().get("/api/v1/products/").status_code in (401, 403)


def test_taxonomy_lists_vinted_ids(api_a):
    body = api_a.get("/api/v1/taxonomy/").json()
    blue = next(c for c in body["colours"] if c["name_en"] == "Blue")
    assert blue["external_ids"] == {"vinted": 9}


def test_schema_lists_the_product_endpoints(api_a):
    schema = api_a.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    assert {"/api/v1/products/", "/api/v1/products/{sku}/", "/api/v1/products/{sku}/photos/"} <= set(schema["paths"])


def test_list_reports_whether_the_count_is_capped(api_a, shop_a, monkeypatch):
    from catalog.pagination import CappedPaginator

    monkeypatch.setattr(CappedPaginator, "cap", 2)
    with in_a(shop_a):
        ProductFactory.create_batch(3)
    body = api_a.get("/api/v1/products/").json()
    assert body["count_is_capped"] is True and len(body["results"]) == 3


def test_list_rows_equal_the_detail_of_each_product(api_a, shop_a):
    """The list's fast representation gives, field for field, what the detail's serializer gives."""
    from catalog.taxonomy.models import Brand, Material

    with in_a(shop_a):
        full = ProductFactory(
            sku="EQ-1",
            photos=2,
            brand=Brand.objects.first(),
            brand_name="",
            tags=["a", "b"],
            size=Size.objects.get(external_ids__contains={"vinted": 4}),
            length_cm=60,
            width_cm=40,
            gender=Product.Gender.WOMEN,
            status=Product.Status.SOLD,
        )
        full.colours.set(Colour.objects.all()[:2])
        full.materials.set(Material.objects.all()[:3])
        ProductFactory(
            sku="EQ-2", cost_price=None, category=None, condition=None, package_size=None, brand_name="Garage Label"
        )
        ProductFactory(sku="EQ-3", photos=1, price=Decimal("1234.50"))
    rows = api_a.get("/api/v1/products/", {"q": "EQ"}).json()["results"]
    assert sorted(row["sku"] for row in rows) == ["EQ-1", "EQ-2", "EQ-3"]
    for row in rows:
        assert row == api_a.get(f"/api/v1/products/{row['sku']}/").json()
    first = next(row for row in rows if row["sku"] == "EQ-1")
    assert len(first["photos"]) == 2 and len(first["colours"]) == 2 and len(first["materials"]) == 3
    assert first["photos"][0]["url"].startswith("http://testserver/")


def test_private_notes_are_read_and_written_by_the_shops_own_token(api_a, shop_a):
    with in_a(shop_a):
        ProductFactory(sku="N-1", private_notes="Box 4, paid 3 euros.")
    assert api_a.get("/api/v1/products/N-1/").json()["private_notes"] == "Box 4, paid 3 euros."
    response = api_a.patch("/api/v1/products/N-1/", {"private_notes": "Box 5."}, format="json")
    assert response.status_code == 200 and response.json()["private_notes"] == "Box 5."
    assert api_a.get("/api/v1/products/", {"q": "N-1"}).json()["results"][0]["private_notes"] == "Box 5."
