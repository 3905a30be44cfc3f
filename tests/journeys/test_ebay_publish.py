"""A seller, on a phone, connects eBay, publishes a product there after its pre-flight, follows the
progress and opens the live listing on the (sandbox) eBay site; the product list says what eBay still
needs before, and that the listing is out of date after an edit."""

import pytest
import requests

from .helpers import add_product, connect_ebay, finish_ebay_setup, fits_the_screen, sign_up

pytestmark = [pytest.mark.journey, pytest.mark.django_db(transaction=True)]


def test_publish_a_product_to_ebay_and_see_it_live(phone, running):
    page = phone
    sandbox = running.ebay_sandbox_url
    created = requests.post(
        f"{sandbox}/__sandbox__/sellers", timeout=10, json={"username": "lea_fr", "password": "ebay-sandbox-pw"}
    )
    assert created.status_code == 201
    # A seller who has sold on eBay before: business policies and a shipping address exist there.
    assert requests.post(f"{sandbox}/__sandbox__/sellers/lea_fr/set_up", timeout=10).status_code == 204
    sign_up(page, running, "Dressing Léa", "lea@example.com")
    connect_ebay(page, running, "lea_fr", "ebay-sandbox-pw")
    finish_ebay_setup(page)  # her existing policies and address are offered first

    product_url = add_product(
        page, sku="LEA-1", title="Robe midi fleurie", price="24.00", photos=1, ready_to_publish=True
    )
    # The list already tells her what eBay still needs, on a chip that leads to the product page.
    page.goto(page.base_url + "/catalog/")
    chip = page.locator('tr[data-sku="LEA-1"] [data-channel="eBay"]')
    assert chip.get_attribute("data-state") == "not_listed"
    assert "Description" in chip.locator("[data-channel-missing]").get_attribute("title")
    assert chip.bounding_box()["height"] >= 44 and fits_the_screen(page)
    page.goto(product_url)
    page.click("[data-ebay-publish]")
    page.wait_for_selector("[data-ebay-preflight]")
    # eBay wants a description, which the product has not yet: pre-flight says so, and where to fix it.
    problems = page.locator("[data-ebay-problems]")
    assert problems.inner_text().count("\n") >= 1 and "Add a description." in problems.inner_text()
    assert page.locator("[data-ebay-confirm-publish]").count() == 0
    assert fits_the_screen(page)
    problems.locator("[data-problem=description] a").click()
    page.wait_for_url("**/edit/")
    page.fill("#id_description", "Robe midi à fleurs, portée deux fois.")
    page.click("form.product-form button[type=submit]")
    page.wait_for_url(product_url)
    page.click("[data-ebay-publish]")
    page.wait_for_selector("[data-ebay-preflight]")
    assert page.locator("[data-ebay-problems]").count() == 0, page.locator("[data-ebay-problems]").inner_text()
    assert page.locator("[data-ebay-confirm-publish]").bounding_box()["height"] >= 44
    assert "Zara" in page.locator("[data-ebay-preflight]").inner_text()
    assert fits_the_screen(page)
    page.click("[data-ebay-confirm-publish]")

    page.wait_for_url(product_url)
    # The section follows the job, then shows the live listing with its link and actions.
    page.wait_for_selector("[data-ebay-section] [data-listing-status=published]", timeout=60_000)
    assert fits_the_screen(page)
    href = page.locator("[data-ebay-section] [data-ebay-listing-url]").get_attribute("href")
    assert href.startswith(f"{sandbox}/itm/")
    for action in ("update", "end"):
        box = page.locator(f"[data-ebay-action={action}]").bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44
    page.goto(page.base_url + "/catalog/")
    chip = page.locator('tr[data-sku="LEA-1"] [data-channel="eBay"]')
    assert chip.get_attribute("data-state") == "listed" and "eBay · Listed" in chip.inner_text()
    assert chip.locator("[data-channel-stale], [data-channel-missing]").count() == 0  # just sent: up to date
    for path in ("/ebay/categories/", "/ebay/pricing/"):
        page.goto(page.base_url + path)
        assert fits_the_screen(page), path
    page.goto(href)
    assert page.locator("[data-title]").inner_text() == "Robe midi fleurie"
    assert page.locator("[data-status]").inner_text() == "ACTIVE"
    assert page.locator("[data-price]").inner_text() == "24.00 EUR"

    # She changes the price in Stoflow: the list shows the eBay listing is out of date.
    page.goto(product_url + "edit/")
    page.fill("#id_price", "26.00")
    page.click("form.product-form button[type=submit]")
    page.wait_for_url(product_url)
    page.goto(page.base_url + "/catalog/")
    assert "out of date" in page.locator('tr[data-sku="LEA-1"] [data-channel="eBay"] [data-channel-stale]').inner_text()
