"""What the journeys do again and again, as a seller would do it."""

from catalog.tests.factories import image_bytes
from tests.browser import open_confirmation_link, send_sign_up

PASSWORD = "journey-secret-2026"


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def sign_up(page, running, shop_name: str, email: str, password: str = PASSWORD) -> None:
    """Signs up, then opens the link of the e-mail the server sent, which opens the new shop."""
    send_sign_up(page, shop_name=shop_name, email=email, password=password)
    [*_, message] = running.emails(email)
    open_confirmation_link(page, message.get_body(preferencelist=("plain",)).get_content())


def log_in(page, email: str, password: str = PASSWORD) -> None:
    page.goto(page.base_url + "/login/")
    page.fill("#id_email", email)
    page.fill("#id_password", password)
    page.click("form button[type=submit]")
    page.wait_for_url("**/dashboard/")


def open_menu(page) -> None:
    """On a phone the menu is folded behind a button."""
    toggle = page.locator("[data-toggle-nav]")
    if toggle.is_visible():
        toggle.click()


def add_product(
    page,
    *,
    sku: str,
    title: str,
    price: str,
    brand: str = "Zara",
    category: str = "Midi-dresses",
    size: str = "M / 38 / 10",
    photos: int = 2,
    ready_to_publish: bool = False,
) -> str:
    """Fills the product form (with photos) and returns the product page's URL."""
    page.goto(page.base_url + "/catalog/new/")
    page.fill("#id_sku", sku)
    page.fill("#id_title", title)
    page.fill("#id_price", price)
    page.fill("#id_brand_name", brand)
    page.fill("#id_category_q", category)
    page.locator("#category-results label.category-option", has_text=category).first.click()
    page.wait_for_selector(f"#category-chosen :text('{category}')")
    page.wait_for_selector(f"#id_size option:text('{size}')", state="attached")
    page.select_option("#id_size", label=size)
    if ready_to_publish:
        page.select_option("#id_condition", label="Very good")
        page.select_option("#id_package_size", label="Small (fits a large envelope)")
        page.locator("input[name=colours]").first.check()  # Vinted wants a colour for clothes
    if photos:
        page.set_input_files(
            "#id_photos",
            [
                {"name": f"photo-{n}.jpg", "mimeType": "image/jpeg", "buffer": image_bytes(900 + 100 * n, 1200)}
                for n in range(photos)
            ],
        )
    page.click("form.product-form button[type=submit]")
    page.wait_for_url("**/catalog/*-*/")
    return page.url


def connect_ebay(page, running, username: str, password: str, marketplace: str = "EBAY_FR") -> None:
    """From the eBay accounts page through the sandbox's consent page, back on Stoflow at the new
    account's set-up page (finish_ebay_setup completes it)."""
    open_menu(page)
    page.click("text=eBay accounts")
    page.wait_for_url("**/ebay/accounts/")
    page.select_option("#id_marketplace", marketplace)
    page.click("[data-connect-ebay]")
    page.wait_for_url("**/oauth2/authorize?**")
    assert page.url.startswith(running.ebay_sandbox_url)
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("#agree")
    page.wait_for_url("**/ebay/accounts/*/setup/")


def finish_ebay_setup(page, postal_code: str = "69003", city: str = "Lyon") -> None:
    """The set-up page with Stoflow's defaults; only where items ship from is typed."""
    page.fill("#id_postal_code", postal_code)
    page.fill("#id_city", city)
    page.click("[data-save-setup]")
    page.wait_for_url("**/ebay/accounts/")
    page.wait_for_selector("[data-status=connected]")


def assert_tappable(locator) -> None:
    """A thumb hits it: every element the locator matches is at least 44 x 44 px."""
    for box in (element.bounding_box() for element in locator.all()):
        assert box is not None and box["height"] >= 44 and box["width"] >= 44, box
