"""A listing sells on Vinted (the sandbox), on a phone: the seller syncs, the sale is recorded at
the price the buyer paid on Vinted (not the catalog's newer price), and the Sales page and the
dashboard tell the same revenue and margin."""

import pytest
import requests

from .helpers import add_product, fits_the_screen, open_menu, sign_up
from .test_listed_product import _reload_until

pytestmark = [pytest.mark.journey, pytest.mark.django_db(transaction=True)]


def test_a_listing_sold_on_vinted_is_recorded_at_its_price_and_sales_and_dashboard_agree(phone, running):
    page = phone
    sign_up(page, running, "Friperie Noé", "noe@example.com")
    product_url = add_product(
        page, sku="NOE-001", title="Veste en jean brut", price="30.00", photos=1, ready_to_publish=True
    )
    page.click("a:text('Edit')")
    page.fill("#id_cost_price", "12.00")
    page.fill("#id_description", "Veste en jean brut, coupe droite, portée quelques fois.")
    page.click("form.product-form button[type=submit]")
    page.wait_for_url(product_url)
    open_menu(page)
    page.click("text=Vinted accounts")
    page.select_option("#id_site", "sandbox:fr")
    page.click("[data-connect-sandbox]")
    page.wait_for_selector("[data-status=connected]")
    page.goto(product_url)
    page.click("[data-publish-product]")
    page.click("[data-confirm-publish]")
    page.wait_for_selector("[data-job][data-state=completed], [data-job][data-state=failed]", timeout=60000)
    assert page.locator("[data-job]").get_attribute("data-state") == "completed"
    listing_url = page.locator("[data-job] [data-listing-link]").get_attribute("href")

    # The price goes up in Stoflow but not on Vinted, where the buyer pays 30.00.
    page.goto(product_url)
    page.click("a:text('Edit')")
    page.fill("#id_price", "34.00")
    page.click("form.product-form button[type=submit]")
    page.wait_for_url(product_url)
    item_id = int(listing_url.rsplit("/", 1)[1].split("-", 1)[0])
    sold = requests.post(f"{running.sandbox_url}/__sandbox__/items/{item_id}/sold", json={"sold": True}, timeout=5)
    assert sold.status_code == 200

    page.click("[data-sync-now]")
    _reload_until(page, "[data-vinted-section] [data-listing-status=sold]")

    page.goto(page.base_url + "/catalog/sales/")
    row = page.locator("tr[data-sale]", has_text="NOE-001")
    assert row.count() == 1 and row.locator("[data-sale-price]").inner_text() == "€30.00"
    revenue = page.locator("[data-sales-totals] [data-total=revenue]").inner_text()
    margin = page.locator("[data-sales-totals] [data-total=margin]").inner_text()
    assert (revenue, margin) == ("€30.00", "€18.00")
    assert fits_the_screen(page)

    page.goto(page.base_url + "/dashboard/")
    cards = page.locator(".catalog-dashboard").inner_text()
    assert f"Revenue: {revenue}" in cards and f"Profit: {margin}" in cards and "€34.00" not in cards
