"""A seller connects a sandbox seller and disconnects it, on a phone-sized Chromium, in English and French."""

import pytest

from tests.factories import PASSWORD, make_shop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def signed_in(page, sandbox):
    shop = make_shop("v")
    page.goto(page.base_url + "/login/")
    page.fill("#id_email", shop.owner.email)
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url("**/dashboard/")
    return shop


def _fits_the_screen(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_connect_sandbox_seller_then_disconnect_on_a_phone(page, signed_in, redis_client):
    page.click("[data-toggle-nav]")
    page.click("text=Vinted accounts")
    page.wait_for_url("**/vinted/accounts/")
    assert "No Vinted account yet" in page.content()
    page.select_option("#id_site", "sandbox:fr")
    page.click("[data-connect-sandbox]")
    page.wait_for_selector("[data-status=connected]")
    assert "Sandbox seller" in page.locator(".messages").inner_text()
    assert page.locator("[data-expires-at]").inner_text().startswith("Time left:")
    assert page.locator("tr[data-account] .budget-badge").inner_text() == "0/40"
    assert _fits_the_screen(page)
    page.click("[data-disconnect]")
    page.wait_for_selector("[data-status=disconnected]")
    assert _fits_the_screen(page)


def test_accounts_page_in_french_on_a_phone(page, signed_in):
    page.context.add_cookies([{"name": "django_language", "value": "fr", "url": page.base_url}])
    page.goto(page.base_url + "/vinted/accounts/")
    assert page.locator("h1").inner_text() == "Comptes Vinted"
    assert "Connecter un vendeur du bac à sable" in page.content()
    page.fill("#id_markup_percent", "-95")
    page.click("form[action$='/pricing/'] button[type=submit]")
    assert page.locator(".field--error").count() == 1
    assert _fits_the_screen(page)
