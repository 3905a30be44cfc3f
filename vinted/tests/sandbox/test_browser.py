"""The sandbox's pages in a real headless Chromium on a phone-sized screen, French and English."""

import pytest

from tests.browser import wait_until

from .helpers import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def phone(browser):
    contexts = []

    def open_page(locale: str):
        context = browser.new_context(viewport={"width": 390, "height": 844}, locale=locale)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10000)
        return page

    yield open_page
    for context in contexts:
        context.close()


def _fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_login_in_french_shows_wardrobe_with_photos(sandbox, alice, seller, phone):
    alice.publish(title="Veste en jean bleue")
    page = phone("fr-FR")
    page.goto(f"{sandbox.url}/fr/member/login")
    assert page.locator("h1").inner_text() == "Connexion au bac à sable Vinted"
    page.fill("#username", "alice")
    page.fill("#password", "wrong")
    page.click("button[type=submit]")
    assert page.locator("[role=alert]").inner_text() == "Nom d'utilisateur ou mot de passe incorrect."
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"**/fr/member/{seller['id']}")
    assert page.locator("h1").inner_text() == "Dressing de alice"
    image = page.locator(".card img").first
    image.wait_for()
    wait_until(page, "document.querySelector('.card img').complete")
    assert image.evaluate("img => img.naturalWidth") > 0
    assert _fits_the_screen(page)
    # The session cookies are HttpOnly; anon_id is readable by page scripts, as on Vinted.
    readable = page.evaluate("document.cookie")
    assert "anon_id=" in readable and "access_token_web" not in readable


def test_signup_in_english_on_phone(sandbox, phone):
    page = phone("en-GB")
    page.goto(f"{sandbox.url}/co.uk/member/signup")
    assert _fits_the_screen(page)
    page.fill("#username", "newbie")
    page.fill("#email", "newbie@example.com")
    page.fill("#password", "long-enough")
    page.click("button[type=submit]")
    page.wait_for_url("**/co.uk/member/*")
    assert page.locator("h1").inner_text() == "Wardrobe of newbie"
    assert page.locator("main").inner_text().count("No listings yet.") == 1
    assert sandbox.state.seller_by_login("co.uk", "newbie") is not None
