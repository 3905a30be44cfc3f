"""A seller lists two products on Vinted and eBay at once, on a phone. The first sells on Vinted: its
eBay listing ends by itself. The second sells on eBay: its Vinted listing is hidden by itself. The
Sales page has both sales and each product's delist log says what was ended where."""

import time

import pytest
import requests

from .helpers import add_product, connect_ebay, finish_ebay_setup, fits_the_screen, open_menu, sign_up

pytestmark = [pytest.mark.journey, pytest.mark.django_db(transaction=True)]


def _reload_until(page, selector: str, seconds: int = 90) -> None:
    """The worker and the schedules take a moment: reload the page until it shows the outcome."""
    deadline = time.time() + seconds
    while page.locator(selector).count() == 0:
        assert time.time() < deadline, f"{selector} never appeared:\n{page.locator('main').inner_text()}"
        time.sleep(1)
        page.reload()


def _product_on_both_channels(page, sku: str, title: str) -> str:
    product_url = add_product(page, sku=sku, title=title, price="30.00", photos=1, ready_to_publish=True)
    page.click("a:text('Edit')")
    page.fill("#id_description", f"{title}, porté deux fois, sans défaut.")
    page.click("form.product-form button[type=submit]")
    page.wait_for_url(product_url)

    page.locator("[data-publish-product]").first.click()
    page.locator("[data-confirm-publish]").click()
    page.wait_for_selector("[data-job][data-state=completed], [data-job][data-state=failed]", timeout=60_000)
    assert page.locator("[data-job]").get_attribute("data-state") == "completed"

    page.goto(product_url)
    page.click("[data-ebay-publish]")
    page.wait_for_selector("[data-ebay-preflight]")
    assert page.locator("[data-ebay-problems]").count() == 0, page.locator("[data-ebay-problems]").inner_text()
    page.click("[data-ebay-confirm-publish]")
    page.wait_for_url(product_url)
    page.wait_for_selector("[data-ebay-section] [data-listing-status=published]", timeout=60_000)
    page.wait_for_selector("[data-vinted-section] article[data-listing-status=published]")
    return product_url


def test_a_sale_on_one_channel_ends_the_listing_on_the_other(phone, running):
    from tenants.models import Tenant

    page, ebay = phone, running.ebay_sandbox_url
    seller = {"username": "camille_fr", "password": "ebay-sandbox-pw"}
    assert requests.post(f"{ebay}/__sandbox__/sellers", json=seller, timeout=10).status_code == 201
    assert requests.post(f"{ebay}/__sandbox__/sellers/camille_fr/set_up", timeout=10).status_code == 204
    sign_up(page, running, "Vestiaire Camille", "camille@example.com")
    Tenant.objects.filter(name="Vestiaire Camille").update(max_platforms_override=5)
    open_menu(page)
    page.click("text=Vinted accounts")
    page.select_option("#id_site", "sandbox:fr")
    page.click("[data-connect-sandbox]")
    page.wait_for_selector("text=Sandbox seller")
    connect_ebay(page, running, seller["username"], seller["password"])
    finish_ebay_setup(page)

    jacket = _product_on_both_channels(page, "CAM-1", "Veste en jean")
    skirt = _product_on_both_channels(page, "CAM-2", "Jupe plissée")

    # The jacket sells on Vinted: the seller asks Stoflow to look now; eBay's listing ends by itself.
    page.goto(jacket)
    vinted_row = page.locator("[data-vinted-section] article[data-listing-status=published]")
    item_id = int(vinted_row.locator("[data-listing-url]").get_attribute("href").rsplit("/", 1)[1].split("-", 1)[0])
    requests.post(f"{running.sandbox_url}/__sandbox__/items/{item_id}/sold", timeout=5).raise_for_status()
    vinted_row.locator("[data-sync-now]").click()
    _reload_until(page, "[data-ebay-section] [data-listing-status=ended]")
    log = page.locator("[data-delist-log]")
    assert log.locator("[data-delist-step=sold][data-channel=vinted]").count() == 1
    assert "Ended on eBay." in log.locator("[data-delist-step=ended]").inner_text()
    assert fits_the_screen(page)

    # The skirt sells on eBay: the seller checks eBay sales now; Vinted's listing is hidden by itself.
    page.goto(skirt)
    listing_id = page.locator("[data-ebay-section] [data-ebay-listing-url]").get_attribute("href").rsplit("/", 1)[1]
    bought = requests.post(f"{ebay}/__sandbox__/listings/{listing_id}/buy", json={"buyer": "zoe_buyer"}, timeout=10)
    assert bought.status_code in (200, 201), bought.text
    open_menu(page)
    page.click("text=eBay accounts")
    page.click("[data-check-sales]")
    assert "1 new sale recorded from eBay." in page.locator(".messages").inner_text()
    page.goto(skirt)
    _reload_until(page, "[data-vinted-section] article[data-listing-status=hidden]")
    log = page.locator("[data-delist-log]")
    assert log.locator("[data-delist-step=sold][data-channel=ebay]").count() == 1
    assert "Hidden on Vinted." in log.locator("[data-delist-step=ended]").inner_text()

    page.goto(page.base_url + "/catalog/sales/")
    rows = page.locator("table.sales tr[data-sale]")
    assert rows.count() == 2
    text = rows.all_inner_texts()
    assert any("CAM-1" in row and "Vinted" in row for row in text)
    assert any("CAM-2" in row and "eBay" in row for row in text)
    page.goto(page.base_url + "/dashboard/")
    assert page.locator("[data-urgent-tasks]").count() == 0
    assert fits_the_screen(page)
