"""A seller on a phone marks a product sold below its price; the dashboard shows what was paid."""

import pytest

from tests.browser import sign_up

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_mark_sold_by_hand_at_a_lower_price_on_a_phone(page):
    sign_up(page, shop_name="Friperie Max", email="max@example.com", password="max-secret-2026")

    page.goto(page.base_url + "/catalog/new/")
    page.fill("#id_sku", "MAX-001")
    page.fill("#id_title", "Veste en jean")
    page.fill("#id_price", "30.00")
    page.fill("#id_cost_price", "8.00")
    page.click("form.product-form button[type=submit]")
    page.wait_for_url("**/catalog/*-*/")

    form = page.locator("[data-sell-form]")
    assert fits_the_screen(page)
    heights = form.locator("label.choice, input, button").evaluate_all(
        "els => els.filter(e => e.type !== 'radio' && e.type !== 'hidden').map(e => e.getBoundingClientRect().height)"
    )
    assert heights and min(heights) >= 44
    assert form.locator("input[name=takedown][value=hide]").is_checked()
    form.locator("#id_price").fill("25.00")
    form.locator("[data-mark-sold]").click()
    page.wait_for_selector("text=Sale of MAX-001 recorded")
    assert page.locator("[data-sale-price]").inner_text() == "€25.00"
    assert page.locator("[data-sell-form]").count() == 0  # none left to sell
    assert fits_the_screen(page)

    page.goto(page.base_url + "/dashboard/")
    cards = page.locator(".catalog-dashboard").inner_text()
    assert "€25.00" in cards and "€17.00" in cards and "€30.00" not in cards


def test_sales_page_edit_and_cancel_on_a_phone(page):
    sign_up(page, shop_name="Friperie Léa", email="lea@example.com", password="lea-secret-2026")
    page.goto(page.base_url + "/catalog/new/")
    page.fill("#id_sku", "LEA-001")
    page.fill("#id_title", "Jupe plissée")
    page.fill("#id_price", "20.00")
    page.fill("#id_cost_price", "5.00")
    page.click("form.product-form button[type=submit]")
    page.wait_for_url("**/catalog/*-*/")

    page.goto(page.base_url + "/catalog/sales/new/")
    page.fill("#id_sku", "LEA-001")
    page.select_option("#id_payment_method", "cash")
    page.click("[data-record-sale]")
    page.wait_for_url("**/catalog/sales/")
    assert page.locator('[data-total="revenue"]').inner_text() == "€20.00"
    assert fits_the_screen(page)
    heights = page.locator("table.sales .button, table.sales button").evaluate_all(
        "els => els.map(e => e.getBoundingClientRect().height)"
    )
    assert heights and min(heights) >= 44

    page.locator("table.sales a", has_text="Edit").click()
    page.fill("#id_fees", "2.00")
    page.click("[data-save-sale]")
    page.wait_for_url("**/catalog/sales/")
    assert page.locator('[data-total="margin"]').inner_text() == "€13.00"

    page.locator("table.sales button", has_text="Cancel sale").click()
    page.wait_for_selector("text=No sale matches these filters.")
    assert fits_the_screen(page)
