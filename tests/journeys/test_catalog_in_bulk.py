"""A seller on a desktop brings a stock list in by CSV (one row is wrong and the report says which
and why), finds products with search and filters, changes prices and archives in bulk, and exports
the filtered list: the downloaded file holds those products, as the page showed them."""

import csv
import io

import pytest

from catalog import csv_io

from .helpers import fits_the_screen, sign_up

pytestmark = [pytest.mark.journey, pytest.mark.django_db(transaction=True)]

ROWS = [
    {"sku": "LOT-1", "title": "Robe fleurie Sézane", "price": "40", "brand": "Sézane", "condition": "Very good"},
    {"sku": "LOT-2", "title": "Jean droit", "price": "25.50", "brand": "Levi's", "condition": "Good"},
    {"sku": "LOT-3", "title": "Pull en laine", "price": "cheap", "brand": "Zara"},
    {"sku": "LOT-4", "title": "Veste en jean", "price": "30", "brand": "Levi's", "condition": "Very good"},
]


def _stock_list() -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=csv_io.COLUMNS)
    writer.writeheader()
    for row in ROWS:
        writer.writerow({**{column: "" for column in csv_io.COLUMNS}, **row})
    return out.getvalue().encode()


def _skus(page) -> list[str]:
    return sorted(
        page.locator("table.products tbody tr[data-sku]").evaluate_all("rows => rows.map(r => r.dataset.sku)")
    )


def test_import_with_a_bad_row_search_filter_bulk_edit_and_export_on_a_desktop(desktop, running):
    page = desktop
    sign_up(page, running, "Dépôt Marcel", "marcel@example.com")

    # Import: three rows in, the fourth line's price refused, with its line number and reason.
    page.goto(page.base_url + "/catalog/")
    page.click("text=Import CSV")
    page.set_input_files("#id_file", {"name": "stock.csv", "mimeType": "text/csv", "buffer": _stock_list()})
    page.click("form button:text('Import')")
    report = page.locator("#import-report")
    assert "3 created, 0 updated, 1 rejected." in report.inner_text()
    [rejected] = report.locator("tbody tr").all()
    assert rejected.locator("td").first.inner_text() == "4"
    assert "cheap" in rejected.locator("td").nth(1).inner_text()

    # Search, then a filter.
    page.goto(page.base_url + "/catalog/")
    assert _skus(page) == ["LOT-1", "LOT-2", "LOT-4"]
    page.fill("#f-q", "jean")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**q=jean**")
    assert _skus(page) == ["LOT-2", "LOT-4"]
    page.select_option("#f-condition", label="Very good")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**condition=**")
    assert _skus(page) == ["LOT-4"]

    # Bulk: 10 % off the two Levi's pieces, then archive the dress.
    page.goto(page.base_url + "/catalog/?q=jean")
    page.check("tr[data-sku='LOT-2'] input[name=ids]")
    page.check("tr[data-sku='LOT-4'] input[name=ids]")
    page.select_option("#bulk-action", "price")
    page.fill("#bulk-percent", "-10")
    page.click("text=Apply to selection")
    page.wait_for_selector("text=2 prices changed.")
    assert "22.95" in page.locator("tr[data-sku='LOT-2']").inner_text()
    assert "27.00" in page.locator("tr[data-sku='LOT-4']").inner_text()
    page.goto(page.base_url + "/catalog/?q=robe")
    page.check("tr[data-sku='LOT-1'] input[name=ids]")
    page.select_option("#bulk-action", "archive")
    page.click("text=Apply to selection")
    page.wait_for_selector("text=1 product archived.")
    page.select_option("#f-status", "archived")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**status=archived**")
    assert _skus(page) == ["LOT-1"]
    assert fits_the_screen(page)

    # Export what the list shows (the search "jean"): the file holds both rows with their new prices.
    page.goto(page.base_url + "/catalog/?q=jean")
    with page.expect_download() as download:
        page.click("text=Export CSV")
    assert download.value.suggested_filename.startswith("products-")
    rows = list(csv.DictReader(io.StringIO(open(download.value.path(), encoding="utf-8").read())))
    assert sorted((row["sku"], row["title"], row["price"], row["brand"]) for row in rows) == [
        ("LOT-2", "Jean droit", "22.95", "Levi's"),
        ("LOT-4", "Veste en jean", "27.00", "Levi's"),
    ]
