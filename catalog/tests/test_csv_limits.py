"""A CSV import is bounded in bytes and rows before any row is parsed, with a message saying the limit."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from catalog.models import Product
from tests.clients import staying_in

pytestmark = pytest.mark.django_db

HEADER = "sku,title,price\n"


def _upload(client, text: str):
    return client.post(
        reverse("catalog:import"), {"file": SimpleUploadedFile("products.csv", text.encode(), content_type="text/csv")}
    )


def test_import_larger_than_the_byte_limit_answers_400_naming_the_file(client_a, in_shop_a, settings):
    settings.CATALOG_CSV_MAX_BYTES = 1000
    rows = "".join(f"SKU-{n},Dress {n},10\n" for n in range(100))
    response = _upload(staying_in(client_a, in_shop_a.tenant), HEADER + rows)
    assert response.status_code == 400
    assert "the limit is" in response.context["form"].errors["file"][0]
    assert not Product.objects.exists()


def test_import_with_more_rows_than_the_limit_answers_400_naming_the_limit(client_a, in_shop_a, settings):
    settings.CATALOG_CSV_MAX_ROWS = 5
    rows = "".join(f"SKU-{n},Dress {n},10\n" for n in range(6))
    response = _upload(staying_in(client_a, in_shop_a.tenant), HEADER + rows)
    assert response.status_code == 400
    assert "at most 5 rows" in response.context["form"].errors["file"][0]
    assert not Product.objects.exists()


def test_import_at_the_row_limit_goes_through(client_a, in_shop_a, settings):
    settings.CATALOG_CSV_MAX_ROWS = 5
    rows = "".join(f"SKU-{n},Dress {n},10\n" for n in range(5))
    response = _upload(staying_in(client_a, in_shop_a.tenant), HEADER + rows)
    assert response.status_code == 200
