"""CSV import and export: every rejected row reported with its line, 10,000 rows in bulk."""
import csv
import io

import pytest
from django.db import connection
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_tenants.utils import tenant_context

from catalog import csv_io
from catalog.models import Product
from catalog.tests.factories import ProductFactory


def csv_text(rows) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=csv_io.COLUMNS)
    writer.writeheader()
    for row in rows:
        writer.writerow({**{c: "" for c in csv_io.COLUMNS}, **row})
    return out.getvalue()


def test_import_valid_and_broken_rows_reports_each_broken_line(in_shop_a):
    ProductFactory(sku="KEEP-1", title="Old title")
    text = csv_text([
        {"sku": "KEEP-1", "title": "New title", "price": "9"},                              # line 2: update
        {"sku": "N-1", "title": "Tee", "price": "12,50", "colours": "Blue|White", "category":
         "Women › Clothing › Tops & t-shirts › T-shirts", "size": "M / 38 / 10", "condition": "Très bon état"},
        {"sku": "", "title": "No sku", "price": "5"},                                       # line 4
        {"sku": "N-2", "title": "Bad price", "price": "cheap"},                             # line 5
        {"sku": "N-3", "title": "Three colours", "price": "5", "colours": "Blue|Red|Green"},  # line 6
        {"sku": "N-4", "title": "Bad category", "price": "5", "category": "Moon › Rocks"},   # line 7
        {"sku": "N-1", "title": "Repeated", "price": "5"},                                  # line 8
        {"sku": "N-5", "title": "x" * 101, "price": "5"},                                   # line 9
    ])
    report = csv_io.import_csv(in_shop_a.tenant, text)
    assert (report.created, report.updated) == (1, 1)
    assert [line for line, _ in report.rejected] == [4, 5, 6, 7, 8, 9]
    reasons = dict(report.rejected)
    assert "sku is required" in reasons[4] and "cheap" in reasons[5] and "colours" in reasons[6]
    assert "Moon" in reasons[7] and "line 3" in reasons[8]
    new = Product.objects.get(sku="N-1")
    assert new.size.name_en == "M / 38 / 10" and new.colours.count() == 2 and str(new.price) == "12.50"
    assert Product.objects.get(sku="KEEP-1").title == "New title"


def test_import_over_quota_rejects_the_extra_rows(in_shop_a, product_limit):
    product_limit(2)
    report = csv_io.import_csv(in_shop_a.tenant, csv_text(
        [{"sku": f"Q-{i}", "title": "t", "price": "1"} for i in range(4)]))
    assert report.created == 2 and [line for line, _ in report.rejected] == [4, 5]
    assert "limit of 2" in report.rejected[0][1]


def test_import_missing_required_column_rejects_the_header(in_shop_a):
    report = csv_io.import_csv(in_shop_a.tenant, "sku,title\nA,B\n")
    assert report.rejected == [(1, "The header lacks the columns: price")]


def test_import_ten_thousand_rows_then_reimport_updates_them(in_shop_a, product_limit):
    product_limit(20_000)
    rows = [{"sku": f"T-{i:05d}", "title": f"Item {i}", "price": "3.50", "colours": "Black",
             "category": "Men › Shoes › Trainers", "size": "42"} for i in range(10_000)]
    rows[5000]["price"] = "-1"
    report = csv_io.import_csv(in_shop_a.tenant, csv_text(rows))
    assert report.created == 9_999 and report.rejected[0][0] == 5002
    report = csv_io.import_csv(in_shop_a.tenant, csv_text(rows))
    assert report.updated == 9_999 and report.created == 0
    assert Product.colours.through.objects.count() == 9_999


def test_export_round_trips_through_import(in_shop_a):
    product = ProductFactory(sku="RT-1", brand_name="Nowhere Label", tags=["a", "b"])
    out = io.StringIO()
    csv.writer(out).writerows(csv_io.export_rows(Product.objects.all()))
    Product.objects.all().delete()
    report = csv_io.import_csv(in_shop_a.tenant, out.getvalue())
    assert report.created == 1 and not report.rejected
    again = Product.objects.get(sku="RT-1")
    assert again.category == product.category and again.tags == ["a", "b"] and again.brand_unmapped


def test_import_page_lists_rejected_lines(client_a, shop_a):
    upload = SimpleUploadedFile("p.csv", csv_text([{"sku": "A", "title": "ok", "price": "1"},
                                                  {"sku": "B", "title": "bad", "price": "x"}]).encode())
    response = client_a.post(reverse("catalog:import"), {"file": upload})
    body = response.content.decode()
    assert "1 created, 0 updated, 1 rejected." in body and "<td data-label=\"Line\">3</td>" in body


def test_export_page_honours_the_filters(seller_a):
    ProductFactory(sku="SOLD-1", status=Product.Status.SOLD)
    ProductFactory(sku="DRAFT-1")
    response = seller_a.get(reverse("catalog:export"), {"status": "sold"})
    body = b"".join(response.streaming_content).decode()
    assert "SOLD-1" in body and "DRAFT-1" not in body and body.startswith("sku,title")


def test_export_read_after_the_middleware_returned_to_public_holds_the_shops_rows(client_a, shop_a):
    with tenant_context(shop_a.tenant):
        ProductFactory(sku="EXP-1", title="Exported")
    # As a WSGI server does: the body is read after the middleware put the connection back on public.
    response = client_a.get(reverse("catalog:export"))
    assert connection.schema_name == "public"
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == csv_io.COLUMNS and [row[:2] for row in rows[1:]] == [["EXP-1", "Exported"]]
    assert connection.schema_name == "public"


def test_template_csv_downloads_with_every_column(client_a, shop_a):
    response = client_a.get(reverse("catalog:import_template"))
    assert response.content.decode().splitlines()[0] == ",".join(csv_io.COLUMNS)


@pytest.mark.parametrize("raw", [b"\xff\xfe\x00\x00garbage\x00", "sku,title,price\nA,Café,1\n".encode("cp1252")])
def test_decode_accepts_windows_text_or_refuses_binary(raw):
    try:
        assert "sku" in csv_io.decode(raw)
    except ValueError as error:
        assert "not text" in str(error)
