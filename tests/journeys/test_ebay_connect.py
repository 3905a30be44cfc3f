"""A seller, on a phone, connects an eBay (sandbox) account: eBay's consent page, sign in there,
agree, back on Stoflow for the short set-up (business policies, shipping, payment, returns, where
items ship from), then the account is ready."""

import pytest
import requests

from .helpers import connect_ebay, finish_ebay_setup, fits_the_screen, open_menu, sign_up

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
    assert page.locator("[data-not-opted-in]").count() == 1  # a new seller: Stoflow turns policies on
    assert fits_the_screen(page)
    # Stoflow's defaults for a French clothing seller are chosen; only the postcode is asked.
    assert page.input_value("#id_return_days") == "30" and page.input_value("#id_return_payer") == "BUYER"
    finish_ebay_setup(page, postal_code="69003", city="Lyon")
    assert "is ready" in page.locator(".messages").inner_text()
    assert "marie_fr" in page.locator("[data-ebay-accounts]").inner_text()
    assert page.locator("[data-setup-needed]").count() == 0
    assert fits_the_screen(page)
    location = requests.get(f"{running.ebay_sandbox_url}/__sandbox__/sellers/marie_fr/requests", timeout=10).json()
    assert any(r["route"] == "inventory.location_create" and r["status"] == 204 for r in location)
