"""The channel layer on a 390 x 844 phone, in French: the product page's channels and the list's
channel chips fit the screen, with Vinted and eBay accounts connected; the eBay accounts page's
buttons line up."""

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from catalog.tests.factories import ProductFactory
from ebay.models import EbayAccount
from tenants.models import Membership
from tests.browser import sign_up
from vinted.models import VintedAccount

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_channels_on_a_phone_in_french_fit_the_screen(page, tmp_path):
    sign_up(page, shop_name="Friperie Lou", email="lou@example.com", password="lou-secret-2026")
    tenant = Membership.objects.get(user__email="lou@example.com").tenant
    with tenant_context(tenant):
        EbayAccount.objects.create(marketplace_id="EBAY_FR", ebay_user_id="u1", username="friperie_lou_officielle")
        VintedAccount.objects.create(domain="www.vinted.fr", vinted_user_id=5, login="friperie-lou")
        product = ProductFactory(title="")
    page.context.add_cookies([{"name": "django_language", "value": "fr", "url": page.base_url}])

    page.goto(f"{page.base_url}/catalog/{product.public_id}/")
    rows = page.locator("[data-channels] tr[data-channel]")
    assert rows.count() == 2
    assert "Terminez la configuration du compte" in page.locator("[data-channels]").inner_text()
    assert page.evaluate("[...document.querySelectorAll('.table-wrap')].every(w => w.scrollWidth <= w.clientWidth)")
    assert _fits_the_screen(page)

    page.goto(page.base_url + "/catalog/")
    chips = page.locator("[data-channels] [data-channel]")
    assert chips.count() == 2
    # No title, no photo: what each channel still needs, in the seller's language, on a tap target.
    assert "champs manquants" in chips.nth(0).inner_text() and "champs manquants" in chips.nth(1).inner_text()
    assert all(chips.nth(i).bounding_box()["height"] >= 44 for i in range(2))
    assert _fits_the_screen(page)
    page.screenshot(path=str(tmp_path / "product-list-390-fr.png"), full_page=True)
    chips.nth(1).click()
    page.wait_for_url(f"**/catalog/{product.public_id}/#channels")


def _text_centre_offset(locator) -> float:
    """How far the text's middle is from the middle of its button (px, positive: text too high)."""
    return locator.evaluate(
        """el => { const range = document.createRange(); range.selectNodeContents(el);
        const text = range.getBoundingClientRect(), box = el.getBoundingClientRect();
        return (box.top + box.height / 2) - (text.top + text.height / 2); }"""
    )


def test_ebay_accounts_buttons_on_a_phone_in_french_centre_their_text(page, tmp_path):
    sign_up(page, shop_name="Friperie Lou", email="lou@example.com", password="lou-secret-2026")
    tenant = Membership.objects.get(user__email="lou@example.com").tenant
    with tenant_context(tenant):
        EbayAccount.objects.create(
            marketplace_id="EBAY_FR",
            ebay_user_id="u1",
            username="friperie_lou",
            fulfillment_policy_id="1",
            payment_policy_id="2",
            return_policy_id="3",
            merchant_location_key="home",
            setup_done_at=timezone.now(),
        )
    page.context.add_cookies([{"name": "django_language", "value": "fr", "url": page.base_url}])

    page.goto(page.base_url + "/ebay/accounts/")
    setup, check = page.locator("[data-setup]"), page.locator("[data-check-sales]")
    assert setup.inner_text() == "Modifier la configuration"
    page.screenshot(path=str(tmp_path / "ebay-accounts-390-fr.png"), full_page=True)
    for button in (setup, check, page.locator("[data-disconnect]")):
        assert abs(_text_centre_offset(button)) <= 2
    assert _fits_the_screen(page)
