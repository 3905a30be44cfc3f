"""The owner's data page on a phone-sized screen: readable, 44 px tap targets, and closing the shop works."""

import pytest

from tests.browser import sign_up

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_close_my_shop_on_a_phone_after_typing_its_name(page, tmp_path):
    sign_up(page, shop_name="Friperie Close", email="close@example.com", password="close-secret-2026")

    page.goto(page.base_url + "/settings/data/")
    assert page.locator("h1").inner_text() == "Your shop's data"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    for button in page.locator("main button").all():
        assert button.bounding_box()["height"] >= 44, button.inner_text()
    page.screenshot(path=str(tmp_path / "shop-data-390.png"), full_page=True)

    page.fill("#id_shop_name", "Friperie Clos")
    page.click("button.button--danger")
    assert "This is not the shop" in page.content()
    page.fill("#id_shop_name", "Friperie Close")
    page.click("button.button--danger")
    page.wait_for_url("**/shops/none/")
    assert "is closed and its data erased" in page.content()
