"""In Chromium on a phone-sized screen: the budget badge refreshes live; sign-in refusal says when."""

import pytest

from ratelimit import limiter
from ratelimit.tests.sources import SOURCE, key_of, make_ref
from tests.browser import wait_until
from tests.factories import PASSWORD, make_shop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, email, password):
    page.goto(page.base_url + "/login/")
    page.fill("#id_email", email)
    page.fill("#id_password", password)
    page.click("form button[type=submit]")


def _wait_for_badge(page, text, colour):
    # An outer swap briefly keeps the old element: wait until the badge on the page is the new one.
    wait_until(
        page,
        """([text, colour]) => {
        const badges = document.querySelectorAll('.budget-badge');
        return badges.length === 1 && badges[0].textContent === text && badges[0].classList.contains(colour)
            && !badges[0].classList.contains('htmx-swapping');
    }""",
        arg=[text, colour],
        timeout=20,
    )


def test_budget_badge_refreshes_live_as_slots_are_taken(page, settings, redis_client):
    settings.RATELIMIT_BADGE_REFRESH_SECONDS = 1
    shop = make_shop("live")
    ref = make_ref(shop.tenant)
    policy = limiter.Policy((limiter.Window(40, 7200),))
    _sign_in(page, shop.owner.email, PASSWORD)
    page.wait_for_url("**/dashboard/")
    # Any shop page can carry the badge: load its fragment into the dashboard and let HTMX run it.
    page.evaluate(
        """async (url) => {
        const html = await (await fetch(url)).text();
        const main = document.getElementById('main');
        main.insertAdjacentHTML('afterbegin', html);
        htmx.process(main.firstElementChild);
    }""",
        f"/limits/{SOURCE}/{ref}/badge/",
    )
    badge = page.locator(".budget-badge")
    assert badge.inner_text() == "0/40" and "badge--green" in badge.get_attribute("class")

    for n in range(31):
        limiter.reserve(key_of(ref), f"job{n}", policy)
    _wait_for_badge(page, "31/40", "badge--orange")

    for n in range(31, 40):
        limiter.reserve(key_of(ref), f"job{n}", policy)
    _wait_for_badge(page, "40/40", "badge--red")
    badge = page.locator(".budget-badge:not(.htmx-swapping)").first
    assert badge.get_attribute("title").startswith("Next slot in 2 h 00 (at ")
    box = badge.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390


def test_sign_in_refusal_in_french_on_a_phone(page, settings, redis_client):
    settings.LOGIN_FAILURES_PER_ACCOUNT = 2
    shop = make_shop("fr")
    page.context.add_cookies([{"name": "django_language", "value": "fr", "url": page.base_url}])
    for _ in range(2):
        _sign_in(page, shop.owner.email, "mauvais-mot-de-passe")
    _sign_in(page, shop.owner.email, PASSWORD)
    assert "Trop de tentatives de connexion échouées. Réessayez dans 15 min (à " in page.content()
    assert page.url.endswith("/login/")
