"""CSV import and export: every rejected row reported with its line, 10,000 rows in bulk."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import translation
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
    text = csv_text(
        [
            {"sku": "KEEP-1", "title": "New title", "price": "9"},  # line 2: update
            {
                "sku": "N-1",
                "title": "Tee",
                "price": "12,50",
                "colours": "Blue|White",
                "category": "Women › Clothing › Tops & t-shirts › T-shirts",
                "size": "M / 38 / 10",
                "condition": "Très bon état",
            },
            {"sku": "", "title": "No sku", "price": "5"},  # line 4
            {"sku": "N-2", "title": "Bad price", "price": "cheap"},  # line 5
            {"sku": "N-3", "title": "Three colours", "price": "5", "colours": "Blue|Red|Green"},  # line 6
            {"sku": "N-4", "title": "Bad category", "price": "5", "category": "Moon › Rocks"},  # line 7
            {"sku": "N-1", "title": "Repeated", "price": "5"},  # line 8
            {"sku": "N-5", "title": "x" * 101, "price": "5"},  # line 9
        ]
    )
    report = csv_io.import_csv(in_shop_a.tenant, text)
    assert (report.created, report.updated) == (1, 1)
    assert [line for line, _ in report.rejected] == [4, 5, 6, 7, 8, 9]
    reasons = dict(report.rejected)
    assert reasons[4] == "SKU (column sku): required" and "cheap" in reasons[5] and "colours" in reasons[6]
    assert "Moon" in reasons[7] and "line 3" in reasons[8]
    new = Product.objects.get(sku="N-1")
    assert new.size.name_en == "M / 38 / 10" and new.colours.count() == 2 and str(new.price) == "12.50"
    assert Product.objects.get(sku="KEEP-1").title == "New title"


def test_import_over_quota_rejects_the_extra_rows(in_shop_a, product_limit):
    product_limit(2)
    report = csv_io.import_csv(
        in_shop_a.tenant, csv_text([{"sku": f"Q-{i}", "title": "t", "price": "1"} for i in range(4)])
    )
    assert report.created == 2 and [line for line, _ in report.rejected] == [4, 5]
    assert "limit of 2" in report.rejected[0][1]


def test_import_missing_required_column_rejects_the_header(in_shop_a):
    report = csv_io.import_csv(in_shop_a.tenant, "sku,title\nA,B\n")
    assert report.rejected == [(1, "The header lacks the columns: price")]


def test_import_ten_thousand_rows_then_reimport_updates_them(in_shop_a, product_limit):
    product_limit(20_000)
    rows = [
        {
            "sku": f"T-{i:05d}",
            "title": f"Item {i}",
            "price": "3.50",
            "colours": "Black",
            "category": "Men › Shoes › Trainers",
            "size": "42",
        }
        for i in range(10_000)
    ]
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
    upload = SimpleUploadedFile(
        "p.csv",
        csv_text([{"sku": "A", "title": "ok", "price": "1"}, {"sku": "B", "title": "bad", "price": "x"}]).encode(),
    )
    response = client_a.post(reverse("catalog:import"), {"file": upload})
    body = response.content.decode()
    assert "1 created, 0 updated, 1 rejected." in body and '<td data-label="Line">3</td>' in body


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


def exported(queryset) -> list[list[str]]:
    """The export as a spreadsheet reads it: written by the csv module and parsed back."""
    out = io.StringIO()
    csv.writer(out).writerows(csv_io.export_rows(queryset))
    return list(csv.reader(io.StringIO(out.getvalue())))


def test_export_cell_starting_with_a_formula_character_is_prefixed_as_text(in_shop_a):
    ProductFactory(
        sku="-12",
        title='=HYPERLINK("http://evil")',
        description="+33 6 12 34 56 78",
        brand_name="@home",
        seller_notes="\tindented",
        tags=["-50%"],
        price="7.00",
    )
    header, row = exported(Product.objects.all())
    cells = dict(zip(header, row, strict=True))
    assert cells["sku"] == "'-12" and cells["title"] == '\'=HYPERLINK("http://evil")'
    assert cells["description"] == "'+33 6 12 34 56 78" and cells["brand"] == "'@home"
    assert cells["seller_notes"] == "'\tindented" and cells["tags"] == "'-50%"
    assert cells["price"] == "7.00" and cells["stock"] == "1"


def test_export_then_import_restores_formula_like_text_exactly(in_shop_a):
    ProductFactory(
        sku="-12",
        title="-50% summer dress",
        description="=1+1\r\nsecond line",
        brand_name="+Plus",
        seller_notes="@note",
        tags=["-a", "b"],
        price="0.00",
    )
    ProductFactory(sku="'=QUOTED", title="'already quoted", description="'-kept")
    out = io.StringIO()
    csv.writer(out).writerows(csv_io.export_rows(Product.objects.all()))
    Product.objects.all().delete()
    report = csv_io.import_csv(in_shop_a.tenant, out.getvalue())
    assert report.created == 2 and not report.rejected
    first = Product.objects.get(sku="-12")
    assert (first.title, first.description, first.brand_name, first.seller_notes, first.tags, str(first.price)) == (
        "-50% summer dress",
        "=1+1\r\nsecond line",
        "+Plus",
        "@note",
        ["-a", "b"],
        "0.00",
    )
    second = Product.objects.get(sku="'=QUOTED")
    assert (second.title, second.description) == ("'already quoted", "'-kept")


def test_import_in_french_names_each_column_in_french(in_shop_a):
    text = csv_text(
        [
            {"sku": "", "title": "Sans SKU", "price": "5"},  # line 2
            {"sku": "F-1", "title": "Prix", "price": "pas cher"},  # line 3
            {"sku": "F-2", "title": "Catégorie", "price": "5", "category": "Lune"},  # line 4
            {"sku": "F-3", "title": "Stock", "price": "5", "stock": "beaucoup"},  # line 5
            {"sku": "F-4", "title": "x" * 101, "price": "5"},  # line 6
            {"sku": "F-5", "title": "Couleur", "price": "5", "colours": "Bleu|Fuchsia"},  # line 7
        ]
    )
    with translation.override("fr"):
        reasons = dict(csv_io.import_csv(in_shop_a.tenant, text).rejected)
    assert reasons == {
        2: "SKU (colonne sku)\xa0: obligatoire",
        3: "Prix (colonne price)\xa0: « pas cher » n’est pas un nombre",
        4: "Catégorie (colonne category)\xa0: « Lune » ne figure pas dans la liste",
        5: "Stock (colonne stock)\xa0: doit être un nombre entier de 0 à 2000000000",
        6: "Titre (colonne title)\xa0: Un titre compte au plus 100 caractères.",
        7: "Couleurs (colonne colours)\xa0: « Fuchsia » ne figure pas dans la liste",
    }


@pytest.mark.parametrize(
    "category",
    [
        "Women › Clothing › Dresses › Mini-dresses",
        "women > clothing > dresses > MINI DRESSES",
        "Femmes › Vêtements › Robes › Mini robes",
        "femmes>vetements>robes>mini-robes",
        "Mini dresses",
        "mini-robes",
    ],
)
def test_import_category_matches_ignoring_case_accents_hyphens_and_spacing(in_shop_a, category):
    report = csv_io.import_csv(
        in_shop_a.tenant,
        csv_text(
            [
                {
                    "sku": "M-1",
                    "title": "Robe",
                    "price": "9",
                    "category": category,
                    "brand": "  zara ",
                    "condition": "tres bon etat",
                    "colours": "BLEU|light-blue",
                    "materials": "elasthanne",
                    "size": "m / 38 / 10",
                }
            ]
        ),
    )
    assert not report.rejected
    product = Product.objects.get(sku="M-1")
    assert product.category.external_ids == {"vinted": 178} and product.brand.name_en == "Zara"
    assert product.condition.name_en == "Very good" and product.size.name_en == "M / 38 / 10"
    assert sorted(c.name_en for c in product.colours.all()) == ["Blue", "Light blue"]
    assert [m.name_en for m in product.materials.all()] == ["Elastane"]


@pytest.mark.parametrize("category", ["vinted:178", "Vinted: 178", "VINTED:178"])
def test_import_category_by_marketplace_id_finds_the_leaf(in_shop_a, category):
    report = csv_io.import_csv(
        in_shop_a.tenant, csv_text([{"sku": "V-1", "title": "Robe", "price": "9", "category": category}])
    )
    assert not report.rejected
    assert Product.objects.get(sku="V-1").category.external_ids == {"vinted": 178}


def test_import_category_by_unknown_or_parent_marketplace_id_is_rejected(in_shop_a):
    report = csv_io.import_csv(
        in_shop_a.tenant,
        csv_text(
            [
                {"sku": "V-2", "title": "t", "price": "1", "category": "vinted:424242"},
                {"sku": "V-3", "title": "t", "price": "1", "category": "vinted:10"},
            ]
        ),
    )  # Dresses: not a leaf
    assert [line for line, _reason in report.rejected] == [2, 3]
    assert "vinted:10" in dict(report.rejected)[3]


def test_import_category_path_of_a_deep_leaf_matches(in_shop_a):
    from catalog.taxonomy import services
    from catalog.taxonomy.models import Category

    services.sync_marketplace_tree(
        "vinted",
        "sandbox:fr",
        [
            services.ExternalCategory(1904, None, "Women", "Femmes", False),
            services.ExternalCategory(4, 1904, "Clothing", "Vêtements", False),
            services.ExternalCategory(9000001, 4, "Coats & jackets", "Manteaux et vestes", False),
            services.ExternalCategory(9000002, 9000001, "Coats", "Manteaux", False),
            services.ExternalCategory(9000003, 9000002, "Trench coats", "Trenchs", True),
        ],
    )
    report = csv_io.import_csv(
        in_shop_a.tenant,
        csv_text(
            [
                {
                    "sku": "D-1",
                    "title": "t",
                    "price": "1",
                    "category": "Femmes › Vêtements › Manteaux et vestes › Manteaux › Trenchs",
                },
                {"sku": "D-2", "title": "t", "price": "1", "category": "vinted:9000003"},
            ]
        ),
    )
    assert not report.rejected
    trench = Category.objects.get(external_ids__contains={"vinted": 9000003})
    assert set(Product.objects.values_list("category", flat=True)) == {trench.pk}


def test_import_brand_matches_ignoring_punctuation_and_spacing(in_shop_a):
    csv_io.import_csv(
        in_shop_a.tenant,
        csv_text(
            [
                {"sku": "B-1", "title": "t", "price": "1", "brand": "h & m"},
                {"sku": "B-2", "title": "t", "price": "1", "brand": "ADIDAS"},
            ]
        ),
    )
    assert [p.brand.name_en for p in Product.objects.order_by("sku")] == ["H&M", "adidas"]


def test_import_unknown_category_suggests_the_closest_path(in_shop_a):
    report = csv_io.import_csv(
        in_shop_a.tenant,
        csv_text(
            [
                {"sku": "S-1", "title": "t", "price": "1", "category": "Women › Clothing › Dreses › Mini dreses"},
                {"sku": "S-2", "title": "t", "price": "1", "category": "Mini dreses"},
                {
                    "sku": "S-3",
                    "title": "t",
                    "price": "1",
                    "size": "M / 38 / 10",
                    "condition": "Very godo",
                    "category": "Women › Clothing › Dresses › Mini-dresses",
                },
            ]
        ),
    )
    reasons = dict(report.rejected)
    assert reasons[2] == (
        "Category (column category): “Women › Clothing › Dreses › Mini dreses” is not in the "
        "list; did you mean “Women › Clothing › Dresses › Mini-dresses”?"
    )
    assert reasons[3].endswith("did you mean “Women › Clothing › Dresses › Mini-dresses”?")
    assert reasons[4].endswith("did you mean “Very good”?")


def test_import_leaf_name_of_several_categories_asks_for_the_path(in_shop_a):
    report = csv_io.import_csv(
        in_shop_a.tenant, csv_text([{"sku": "A-1", "title": "t", "price": "1", "category": "skinny jeans"}])
    )
    assert report.rejected == [
        (
            2,
            "Category (column category): “skinny jeans” names several categories, write "
            "the whole path: Men › Clothing › Jeans › Skinny jeans, "
            "Women › Clothing › Jeans › Skinny jeans",
        )
    ]


def test_import_unknown_brand_is_kept_unmapped_with_a_suggestion(in_shop_a):
    report = csv_io.import_csv(
        in_shop_a.tenant,
        csv_text(
            [
                {"sku": "U-1", "title": "t", "price": "1", "brand": "Zaraa"},
                {"sku": "U-2", "title": "t", "price": "1", "brand": "Maison Rouge"},
            ]
        ),
    )
    assert report.created == 2 and not report.rejected
    assert report.notes == [
        (2, "Brand (column brand): “Zaraa” is not in the list and is kept as typed (unmapped); did you mean “Zara”?")
    ]
    assert Product.objects.get(sku="U-1").brand_unmapped


def test_import_page_lists_the_notes_on_imported_rows(client_a, shop_a):
    upload = SimpleUploadedFile(
        "p.csv", csv_text([{"sku": "A", "title": "ok", "price": "1", "brand": "Zaraa"}]).encode()
    )
    body = client_a.post(reverse("catalog:import"), {"file": upload}).content.decode()
    assert "1 created, 0 updated, 0 rejected." in body and "did you mean “Zara”?" in body


@pytest.mark.parametrize("price", ["NaN", "sNaN", "Infinity"])
def test_import_price_that_is_not_a_finite_number_is_rejected(in_shop_a, price):
    report = csv_io.import_csv(in_shop_a.tenant, csv_text([{"sku": "N-1", "title": "t", "price": price}]))
    assert report.created == 0 and [line for line, _ in report.rejected] == [2]


def test_import_taking_a_product_off_sold_clears_its_sold_date_as_an_edit_does(in_shop_a):
    sold = ProductFactory(sku="S-1", status=Product.Status.SOLD)
    Product.objects.filter(pk=sold.pk).update(sold_at=sold.created_at)
    report = csv_io.import_csv(
        in_shop_a.tenant, csv_text([{"sku": "S-1", "title": "Back", "price": "5", "status": "listed"}])
    )
    sold.refresh_from_db()
    assert report.updated == 1 and (sold.status, sold.sold_at) == ("listed", None) and sold.listed_at is not None


def test_private_notes_are_exported_and_imported_only_when_the_file_has_the_column(in_shop_a):
    ProductFactory(sku="P-1", title="Kept", private_notes="Box 4, paid 3 euros.")
    out = io.StringIO()
    csv.writer(out).writerows(csv_io.export_rows(Product.objects.all()))
    exported = list(csv.reader(io.StringIO(out.getvalue())))
    assert exported[1][exported[0].index("private_notes")] == "Box 4, paid 3 euros."

    without_column = "sku,title,price\nP-1,Kept,5\n"
    assert csv_io.import_csv(in_shop_a.tenant, without_column).updated == 1
    assert Product.objects.get(sku="P-1").private_notes == "Box 4, paid 3 euros."
    csv_io.import_csv(
        in_shop_a.tenant, csv_text([{"sku": "P-1", "title": "Kept", "price": "5", "private_notes": "Box 5."}])
    )
    assert Product.objects.get(sku="P-1").private_notes == "Box 5."
