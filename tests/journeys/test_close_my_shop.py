"""An owner on a phone, in French, closes a shop with a product (with photos) and a connected Vinted
(sandbox) account: the page asks for the shop's name, then says what was erased and what was kept;
the owner has no shop left and lands on a page saying the shop is closed; a saved link to the product
leads to the "no shop" page (not an error), and the shop's schema and photos are gone from the platform."""

from pathlib import Path

import pytest
from django_tenants.utils import schema_exists

from tenants.models import ShopErasure, Tenant

from .helpers import add_product, fits_the_screen, open_menu, sign_up

pytestmark = [pytest.mark.journey, pytest.mark.django_db(transaction=True)]


def test_close_my_shop_in_french_on_a_phone_erases_it_and_says_what_was_kept(phone, running):
    page = phone
    sign_up(page, running, "Friperie Yvonne", "yvonne@example.com")
    product_url = add_product(page, sku="YVO-001", title="Robe midi fleurie", price="24.90", photos=2)
    open_menu(page)
    page.click("#site-nav >> text=Vinted accounts")
    page.select_option("#id_site", "sandbox:fr")
    page.click("[data-connect-sandbox]")
    page.wait_for_selector("[data-status=connected]")
    with page.expect_navigation():
        page.select_option("#language", "fr")

    schema = Tenant.objects.get(name="Friperie Yvonne").schema_name
    photos = Path(running.env["MEDIA_ROOT"]) / schema
    assert any(path.is_file() for path in photos.rglob("*"))

    open_menu(page)
    page.click("#site-nav >> text=Vos données")
    page.wait_for_url("**/settings/data/")
    assert fits_the_screen(page)
    open_menu(page)  # the unfolded menu's links are tap targets too
    targets = page.locator("header :is(a, button, select):visible, main :is(button, input:not([type=hidden]))")
    for target in targets.all():
        assert target.bounding_box()["height"] >= 44, target.evaluate("e => e.outerHTML.slice(0, 80)")

    # A name that is not the shop's keeps it open; its exact name closes it.
    page.fill("#id_shop_name", "Friperie Yvone")
    page.click("button.button--danger")
    assert "Ce n’est pas le nom de la boutique" in page.content()
    assert schema_exists(schema)
    page.fill("#id_shop_name", "Friperie Yvonne")
    page.click("button.button--danger")
    page.wait_for_url("**/shops/none/")
    said = page.locator(".messages").inner_text()
    assert "La boutique « Friperie Yvonne » est fermée et ses données effacées." in said
    assert "Effacé\u00a0: chaque produit, photo, publication et réglage de la boutique" in said, said
    # Connecting the account made no request that counts against a Vinted budget: nothing else is kept.
    assert (
        "Conservé\u00a0: les comptes Stoflow des membres (le vôtre aussi\u00a0: vous pouvez toujours vous connecter)."
        in said
    )
    assert page.locator("h1").inner_text() == "Votre boutique est fermée"
    assert fits_the_screen(page)

    # A saved link into the closed shop: the "no shop" page, not an error.
    response = page.goto(product_url)
    assert response.status == 200 and page.url.endswith("/shops/none/")
    assert page.locator("h1").inner_text() == "Vous n’avez pas encore de boutique"

    # Gone from the platform: the schema, the photos, the shop row; the record of the erasure stays.
    assert not schema_exists(schema)
    assert not any(path.is_file() for path in photos.rglob("*"))
    assert not Tenant.objects.filter(schema_name=schema).exists()
    assert ShopErasure.objects.get(schema_name=schema).files >= 2
