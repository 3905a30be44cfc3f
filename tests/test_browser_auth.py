"""A person signs up, opens the e-mailed link, lands on the dashboard, logs out and logs in again,
on a phone-sized screen."""

import pytest

from tests.browser import sign_up

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_signup_dashboard_logout_login_in_chromium(page):
    sign_up(page, shop_name="Friperie Nova", email="nova@example.com", password="nova-secret-2026")
    assert page.locator("h1").inner_text() == "Friperie Nova"
    assert "Your shop “Friperie Nova” is ready" in page.content()

    page.click("[data-toggle-nav]")  # phone layout: the menu is folded
    page.click("text=Log out")
    page.wait_for_url("**/login/")

    page.fill("#id_email", "nova@example.com")
    page.fill("#id_password", "wrong-password")
    page.click("form button[type=submit]")
    assert "do not match" in page.content()

    page.fill("#id_password", "nova-secret-2026")
    page.click("form button[type=submit]")
    page.wait_for_url("**/dashboard/")
    assert page.locator("h1").inner_text() == "Friperie Nova"


def test_signup_page_is_translated_to_french(page):
    page.context.add_cookies([{"name": "django_language", "value": "fr", "url": page.base_url}])
    page.goto(page.base_url + "/signup/")
    assert page.locator("h1").inner_text() == "Créez votre boutique"
