"""A seller with a product on Vinted, on a phone: edits it and sees it is out of date on Vinted,
updates it in one click, then sells it by hand below its price: the listing is hidden on Vinted
and the dashboard counts the price paid."""

import time

import pytest
import requests

from .helpers import add_product, fits_the_screen, open_menu, sign_up

pytestmark = [pytest.mark.journey, pytest.mark.django_db(transaction=True)]


def _reload_until(page, selector: str, seconds: int = 60) -> None:
    """The worker takes a moment: reload the page until it shows the outcome."""
    deadline = time.time() + seconds
    while page.locator(selector).count() == 0:
        assert time.time() < deadline, f"{selector} never appeared"
        time.sleep(1)
        page.reload()


def _on_the_sandbox(running, listing_url: str) -> dict:
    """The item as the sandbox holds it (its loopback-only control API)."""
    item_id = int(listing_url.rsplit("/", 1)[1].split("-", 1)[0])
    for seller in requests.get(f"{running.sandbox_url}/__sandbox__/sellers", timeout=5).json()["sellers"]:
        items = requests.get(f"{running.sandbox_url}/__sandbox__/sellers/{seller['id']}/items", timeout=5).json()
        for item in items["items"]:
            if item["id"] == item_id:
                return item
    raise AssertionError(f"item {item_id} is not on the sandbox")


def test_edit_a_listed_product_update_it_on_vinted_then_sell_it_and_hide_the_listing(phone, running):
    page = phone
    sign_up(page, running, "Dépôt Lina", "lina@example.com")
    product_url = add_product(
        page, sku="LIN-001", title="Robe midi unie", price="20.00", photos=1, ready_to_publish=True
    )
    page.click("a:text('Edit')")
    page.fill("#id_description", "Robe midi en viscose, portée deux fois, sans défaut.")
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

    # An edit in Stoflow: the product page says what Vinted does not have yet, and what it costs.
    page.goto(product_url)
    assert page.locator("[data-out-of-date]").count() == 0
    page.click("a:text('Edit')")
    page.fill("#id_title", "Robe midi unie, bleu nuit")
    page.click("form.product-form button[type=submit]")
    page.wait_for_url(product_url)
    notice = page.locator("[data-out-of-date]")
    assert "Out of date on Vinted" in notice.inner_text() and "Title" in notice.inner_text()
    assert "remaining requests" in notice.locator("[data-budget-text]").inner_text()
    assert fits_the_screen(page)
    page.click("[data-update-listing]")
    page.wait_for_selector("[data-job][data-state=completed], [data-job][data-state=failed]", timeout=60000)
    assert page.locator("[data-job]").get_attribute("data-state") == "completed"
    page.goto(listing_url)
    assert "Robe midi unie, bleu nuit" in page.content()
    page.goto(product_url)
    assert page.locator("[data-out-of-date]").count() == 0

    # Sold by hand at a lower price: the listing comes off sale on Vinted (hidden, the default).
    form = page.locator("[data-sell-form]")
    assert form.locator("input[name=takedown][value=hide]").is_checked()
    form.locator("#id_price").fill("17.50")
    form.locator("[data-mark-sold]").click()
    page.wait_for_selector("text=Sale of LIN-001 recorded")
    assert page.locator("[data-sale-price]").inner_text() == "€17.50"
    _reload_until(page, "[data-vinted-section] [data-listing-status=hidden]")
    assert page.locator("[data-job-history] li[data-state=completed]", has_text="Hide").count() == 1
    assert _on_the_sandbox(running, listing_url)["is_hidden"] is True

    page.goto(page.base_url + "/dashboard/")
    cards = page.locator(".catalog-dashboard").inner_text()
    assert "€17.50" in cards and "€20.00" not in cards
