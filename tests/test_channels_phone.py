"""The channel layer on a 390 x 844 phone, in French: the product page's channels and the list's
channel badges fit the screen, with Vinted and eBay accounts connected."""

import pytest
from django_tenants.utils import tenant_context

from catalog.tests.factories import ProductFactory
from ebay.models import EbayAccount
from tenants.models import Membership
from tests.browser import sign_up
from vinted.models import VintedAccount

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_channels_on_a_phone_in_french_fit_the_screen(page):
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
    assert page.locator("[data-channels] [data-channel]").count() == 2
    assert _fits_the_screen(page)
