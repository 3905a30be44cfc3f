"""A seller on a 390 x 844 phone: chips instead of tiny checkboxes, filters behind a button, a team
page that fits, destructive taps that ask first, a token to copy. Screenshots go to
$STOFLOW_SCREENSHOTS when it is set (to look at them)."""

import os

import pytest

from catalog.tests.factories import image_bytes
from tests.browser import sign_up

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shot(page, name: str) -> None:
    folder = os.environ.get("STOFLOW_SCREENSHOTS")
    if folder:
        page.screenshot(path=os.path.join(folder, f"{name}.png"), full_page=True)


def _fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def _sign_up(page, email: str) -> None:
    sign_up(page, shop_name="Vide Dressing Lou", email=email, password="lou-secret-2026")


def _new_product(page, sku: str, photos=()) -> None:
    """A dress at 10, through the product form; the page is then the product's."""
    page.goto(page.base_url + "/catalog/new/")
    page.fill("#id_sku", sku)
    page.fill("#id_title", "Robe")
    page.fill("#id_price", "10")
    if photos:
        page.set_input_files("#id_photos", list(photos))
    page.click("form.product-form button[type=submit]")
    page.wait_for_url("**/catalog/*-*/")


def test_product_form_colours_and_materials_are_tappable_chips_with_a_filter(page):
    _sign_up(page, "chips@example.com")
    page.goto(page.base_url + "/catalog/new/")
    chips = page.locator("#id_colours .chip")
    assert chips.count() > 10
    for i in range(chips.count()):
        box = chips.nth(i).bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44
    page.fill("[data-chips]:has(#id_colours) [data-chips-filter]", "blu")
    visible = [t.strip() for t in page.locator("#id_colours .chip:visible").all_inner_texts()]
    assert visible and all("blu" in t.lower() for t in visible)
    page.locator("#id_colours .chip:visible").first.click()
    page.fill("[data-chips]:has(#id_colours) [data-chips-filter]", "")
    assert page.locator("#id_colours input:checked").count() == 1
    _shot(page, "product-form")
    # Every field, the chips, the live price suggestion's line and the AI panel with its "start from
    # photos" button: a long form, but the chips must not make it a wall (about 3,140 px at 390 px).
    form_height = page.evaluate("document.querySelector('form.product-form').offsetHeight")
    assert form_height < 3200
    assert _fits_the_screen(page)


def test_product_list_filters_fold_behind_a_filters_button(page):
    _sign_up(page, "filters@example.com")
    page.goto(page.base_url + "/catalog/")
    assert page.locator("#f-q").is_visible()
    assert not page.locator("#f-status").is_visible()
    _shot(page, "product-list-folded")
    page.click("[data-filters-button]")
    assert page.locator("#f-status").is_visible()
    page.select_option("#f-status", "draft")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**status=draft**")
    assert page.locator("#f-status").is_visible()  # a filter in use keeps them open
    assert _fits_the_screen(page)


def test_product_list_rows_have_a_thumb_sized_link_and_selection_box(page):
    _sign_up(page, "rows@example.com")
    _new_product(page, "LOU-1")
    page.goto(page.base_url + "/catalog/")
    row = page.locator("table.products tbody tr").first
    for control in (row.locator("a", has_text="Robe"), row.locator("input[name=ids]")):
        box = control.bounding_box()
        assert box is not None and box["height"] >= 44 and box["width"] >= 44, box
    assert _fits_the_screen(page)


def test_team_page_in_french_shows_the_whole_email_and_the_remove_button(page):
    _sign_up(page, "team@example.com")
    page.context.add_cookies([{"name": "django_language", "value": "fr", "url": page.base_url}])
    page.goto(page.base_url + "/team/")
    long_email = "marie-charlotte.de-la-fontaine-saint-germain@friperie-exemple.example.com"
    page.fill("#id_email", long_email)
    page.click("form:has(#id_email) button[type=submit]")
    page.wait_for_selector(f"tr:has-text('{long_email}')")
    row = page.locator("tr", has_text=long_email)
    remove = row.locator("form[action$='/remove/'] button, [data-confirm=member-remove] summary").first
    box = remove.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    # Nothing of the table hides in a sideways scroll: the whole e-mail is on screen.
    assert page.evaluate("[...document.querySelectorAll('.table-wrap')].every(w => w.scrollWidth <= w.clientWidth)")
    assert _fits_the_screen(page)
    _shot(page, "team")
    row.locator("[data-confirm=member-remove] summary").click()
    assert row.locator("[data-confirmed]").is_visible()


def test_photo_delete_asks_before_deleting(page):
    _sign_up(page, "photos@example.com")
    _new_product(
        page,
        "LOU-9",
        photos=[
            {"name": "a.jpg", "mimeType": "image/jpeg", "buffer": image_bytes(800, 800)},
            {"name": "b.jpg", "mimeType": "image/jpeg", "buffer": image_bytes(800, 800, colour=(200, 10, 10))},
        ],
    )
    first = page.locator(".photo-grid li").first
    first.locator("[data-confirm=photo-delete] summary").click()
    assert page.locator(".photo-grid img").count() == 2  # one tap deletes nothing
    assert first.locator("text=Delete this photo?").is_visible()
    _shot(page, "photo-delete-confirm")
    assert _fits_the_screen(page)
    first.locator("[data-confirmed]").click()
    page.wait_for_selector("text=Photo deleted.")
    assert page.locator(".photo-grid img").count() == 1


def test_new_api_token_copies_with_one_tap(page):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    _sign_up(page, "token@example.com")
    page.goto(page.base_url + "/settings/api-tokens/")
    page.fill("#id_name", "stock script")
    page.click("form:has(#id_name) button[type=submit]")
    key = page.locator("#new-token").inner_text().strip()
    page.click("[data-copy]")
    page.wait_for_selector("[data-copy]:text('Copied')")
    assert page.evaluate("navigator.clipboard.readText()") == key
    _shot(page, "api-token")


def test_dashboard_checklist_and_settings_on_a_phone(page):
    _sign_up(page, "start@example.com")
    assert page.locator("[data-checklist] [data-step]").count() == 4
    assert _fits_the_screen(page)
    targets = page.locator(".stat-value a, .periods a")
    assert targets.count() >= 8
    for box in (target.bounding_box() for target in targets.all()):
        assert box is not None and box["height"] >= 44 and box["width"] >= 44, box
    _shot(page, "dashboard")
    page.click("[data-toggle-nav]")
    page.click("[data-nav-settings]")
    page.wait_for_url("**/settings/")
    assert _fits_the_screen(page)
    _shot(page, "settings")


def test_audit_log_on_a_phone_in_french_fits_and_filters_with_big_targets(page):
    _sign_up(page, "audit@example.com")
    page.goto(page.base_url + "/settings/api-tokens/")
    page.fill("#id_name", "script de stock avec un nom assez long pour tester la largeur")
    page.click("form:has(#id_name) button[type=submit]")
    page.context.add_cookies([{"name": "django_language", "value": "fr", "url": page.base_url}])
    page.goto(page.base_url + "/audit/")
    assert page.locator("h1").inner_text() == "Journal d’activité"
    for control in ("#id_actor", "#id_action", "form[role=search] button[type=submit]"):
        assert page.locator(control).bounding_box()["height"] >= 44
    page.select_option("#id_action", "token.created")
    page.click("form[role=search] button[type=submit]")
    page.wait_for_url("**action=token.created**")
    assert page.locator("tbody tr[data-action='token.created']").count() == 1
    assert page.evaluate("[...document.querySelectorAll('.table-wrap')].every(w => w.scrollWidth <= w.clientWidth)")
    assert _fits_the_screen(page)
    _shot(page, "audit-log")


def test_header_menu_wraps_instead_of_widening_the_page_on_tablets_and_laptops(page):
    _sign_up(page, "widths@example.com")
    for language in ("en", "fr"):
        page.context.add_cookies([{"name": "django_language", "value": language, "url": page.base_url}])
        for width in (820, 1024, 1280, 1366):
            page.set_viewport_size({"width": width, "height": 800})
            page.goto(page.base_url + "/dashboard/")
            assert _fits_the_screen(page), (language, width)
            assert page.locator("#site-nav [data-nav-settings]").is_visible()


def test_notification_choices_are_one_tappable_line_each_in_french(page):
    _sign_up(page, "choices@example.com")
    page.context.add_cookies([{"name": "django_language", "value": "fr", "url": page.base_url}])
    page.goto(page.base_url + "/notifications/")
    choices = page.locator("fieldset.choices label.choice")
    assert choices.count() >= 5
    boxes = [choices.nth(i).bounding_box() for i in range(choices.count())]
    assert all(box["height"] >= 44 for box in boxes)
    assert len({round(box["y"]) for box in boxes}) == len(boxes)  # never two options on one line
    assert _fits_the_screen(page)


def test_checkbox_fields_are_one_tappable_line_with_their_words(page):
    _sign_up(page, "boxes@example.com")
    page.goto(page.base_url + "/catalog/sales/")
    line = page.locator("label[for=id_cancelled]")
    box = line.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44
    line.click()  # the words tick the box, not only the 20 px square
    assert page.locator("#id_cancelled").is_checked()
    page.goto(page.base_url + "/catalog/")
    assert page.locator("label:has([data-select-all])").bounding_box()["height"] >= 44
    assert _fits_the_screen(page)
