"""A shop owner on a phone switches Stoflow to French, gives a colleague a seat (the colleague sets
a password from the e-mail the server sent and signs in), creates an API token and calls the API
with it, switches back to English, logs out, forgets the password and resets it from the e-mail."""

import json
import re
import urllib.request

import pytest

from .helpers import PASSWORD, fits_the_screen, log_in, open_menu, sign_up

pytestmark = [pytest.mark.journey, pytest.mark.django_db(transaction=True)]

LINK = re.compile(r"https?://\S+/password/reset/\S+/")


def _link_in_last_email(running, to: str) -> str:
    [*_, message] = running.emails(to)
    return LINK.search(message.get_body(preferencelist=("plain",)).get_content()).group(0)


def _choose_password(page, link: str, password: str) -> None:
    page.goto(link)
    page.fill("#id_new_password1", password)
    page.fill("#id_new_password2", password)
    page.click("form button[type=submit]")
    page.wait_for_url("**/password/reset/complete/")


def _switch_language(page, code: str) -> None:
    with page.expect_navigation():
        page.select_option("#language", code)
    assert page.locator("html").get_attribute("lang") == code


def test_french_team_invite_api_token_log_out_and_password_reset_on_a_phone(phone, browser, running):
    page = phone
    sign_up(page, running, "Atelier Jeanne", "jeanne@example.com")
    _switch_language(page, "fr")
    open_menu(page)
    assert page.locator("#site-nav").get_by_text("Équipe").is_visible()

    # A seat for Léa: the server e-mails her a link to choose her password.
    page.click("#site-nav >> text=Équipe")
    page.wait_for_url("**/team/")
    page.fill("#id_email", "lea@example.com")
    page.click("form button:text('Ajouter')")
    page.wait_for_selector("text=lea@example.com a maintenant une place dans cette boutique.")
    assert page.locator("table", has_text="lea@example.com").count() == 1
    assert fits_the_screen(page)
    [invitation] = running.emails("lea@example.com")
    assert "Atelier Jeanne" in invitation["Subject"]
    lea = browser.new_context(viewport={"width": 390, "height": 844}, locale="fr-FR")
    try:
        lea_page = lea.new_page()
        lea_page.base_url = running.url
        _choose_password(lea_page, _link_in_last_email(running, "lea@example.com"), "lea-secret-2026")
        log_in(lea_page, "lea@example.com", "lea-secret-2026")
        assert lea_page.locator("h1").inner_text() == "Atelier Jeanne"
    finally:
        lea.close()

    # An API token, shown once, that the API accepts for this shop.
    open_menu(page)
    page.click("#site-nav >> text=Jetons d’API")
    page.fill("#id_name", "Script de stock")
    page.click("form button:text('Créer')")
    key = page.locator("[data-new-token]").inner_text().strip()
    assert page.locator("table", has_text="Script de stock").count() == 1
    assert fits_the_screen(page)
    request = urllib.request.Request(running.url + "/api/v1/me/", headers={"Authorization": f"Token {key}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert json.load(response)["shop"] == "Atelier Jeanne"
    page.reload()
    assert key not in page.content()

    # Back to English, then log out.
    _switch_language(page, "en")
    open_menu(page)
    page.click("#site-nav >> text=Log out")
    page.wait_for_url("**/login/")

    # Forgotten password: the link in the e-mail sets a new one; the old one no longer opens the shop.
    page.click("text=Forgot your password?")
    page.fill("#id_email", "jeanne@example.com")
    page.click("form button[type=submit]")
    page.wait_for_url("**/password/reset/sent/")
    _choose_password(page, _link_in_last_email(running, "jeanne@example.com"), "jeanne-new-2026")
    page.goto(page.base_url + "/login/")
    page.fill("#id_email", "jeanne@example.com")
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_selector("text=do not match")  # the form comes back with the error
    assert page.url.endswith("/login/")
    log_in(page, "jeanne@example.com", "jeanne-new-2026")
    assert page.locator("h1").inner_text() == "Atelier Jeanne"
    assert fits_the_screen(page)
