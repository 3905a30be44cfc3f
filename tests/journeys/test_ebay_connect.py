"""A seller, on a phone, connects an eBay (sandbox) account: eBay's consent page, sign in there,
agree, back on Stoflow with the account connected."""

import pytest
import requests

from .helpers import connect_ebay, fits_the_screen, open_menu, sign_up

pytestmark = [pytest.mark.journey, pytest.mark.django_db(transaction=True)]


def test_connect_an_ebay_account_through_the_consent_page(phone, running):
    page = phone
    seller = requests.post(
        f"{running.ebay_sandbox_url}/__sandbox__/sellers",
        timeout=10,
        json={"username": "marie_fr", "password": "ebay-sandbox-pw"},
    )
    assert seller.status_code == 201
    sign_up(page, running, "Dressing Marie", "marie@example.com")

    open_menu(page)
    page.click("text=eBay accounts")
    page.wait_for_url("**/ebay/accounts/")
    assert "No eBay account yet" in page.content()
    assert fits_the_screen(page)
    connect_ebay(page, running, "marie_fr", "ebay-sandbox-pw")

    assert "eBay account marie_fr connected on ebay.fr." in page.locator(".messages").inner_text()
    assert "marie_fr" in page.locator("[data-ebay-accounts]").inner_text()
    assert fits_the_screen(page)
