"""A seller on a phone, in French, deletes a product, finds it in the trash and restores it,
deletes it again and deletes it for good, then empties a trash big enough for the worker: the list
shows the emptying's progress, then how many went, and the trash is empty."""

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from catalog.models import Product
from catalog.tests.factories import ProductFactory
from tenants.models import Tenant

from .helpers import assert_tappable, fits_the_screen, sign_up

pytestmark = [pytest.mark.journey, pytest.mark.django_db(transaction=True)]

SHOP = "Friperie Odette"
BIG_TRASH = 201  # above CATALOG_PURGE_WORKER_PRODUCTS (200): emptied by the worker


def _in_shop():
    return tenant_context(Tenant.objects.get(name=SHOP))


def _confirm(page, name: str, question: str = "") -> None:
    """Opens a "confirm first" control, reads its question, and taps its confirmation, both big
    enough for a thumb."""
    control = page.locator(f"[data-confirm={name}]").first
    assert_tappable(control.locator("summary"))
    control.locator("summary").click()
    assert question in control.locator(".confirm-question").inner_text()
    assert_tappable(control.locator("[data-confirmed]"))
    control.locator("[data-confirmed]").click()


def _open_trash(page) -> None:
    page.goto(page.base_url + "/catalog/")
    page.click("[data-filters-button]")  # on a phone the filters fold behind "Filtres"
    page.select_option("#f-status", "deleted")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**status=deleted**")
    assert page.locator("h1").inner_text() == "Produits" and fits_the_screen(page)


def _delete(page, product_url: str, sku: str) -> None:
    page.goto(product_url)
    _confirm(page, "product-delete")
    page.wait_for_selector(f"text=Produit {sku} supprimé. Vous pouvez le restaurer depuis la liste des supprimés.")


def test_delete_restore_delete_for_good_and_empty_the_trash_in_french_on_a_phone(phone, running):
    page = phone
    sign_up(page, running, SHOP, "odette@example.com")
    with page.expect_navigation():
        page.select_option("#language", "fr")
    with _in_shop():
        dress = ProductFactory(sku="ODE-ROBE", title="Robe fleurie")
        jeans = ProductFactory(sku="ODE-JEAN", title="Jean droit")
    dress_url = f"{page.base_url}/catalog/{dress.public_id}/"

    # Deleted: it leaves the list, and the trash has it.
    _delete(page, dress_url, "ODE-ROBE")
    assert page.locator("tr[data-sku='ODE-ROBE']").count() == 0
    _open_trash(page)
    row = page.locator("tr[data-sku='ODE-ROBE']")
    assert "Supprimés" in row.inner_text() and page.locator("tr[data-sku='ODE-JEAN']").count() == 0

    # Restored from its page: back in the list.
    row.locator("a").first.click()
    page.wait_for_url(dress_url)
    restore = page.locator("form[action$='/restore/'] button")
    assert_tappable(restore)
    restore.click()
    page.wait_for_selector("text=Produit ODE-ROBE restauré.")
    page.goto(page.base_url + "/catalog/")
    assert page.locator("tr[data-sku='ODE-ROBE']").count() == 1

    # Deleted again, then deleted for good from its row in the trash: gone.
    _delete(page, dress_url, "ODE-ROBE")
    _open_trash(page)
    _confirm(page, "purge-row", "Supprimer ODE-ROBE définitivement\u00a0? C’est irréversible.")
    page.wait_for_selector("text=1 produit supprimé définitivement.")
    assert page.locator("tr[data-sku='ODE-ROBE']").count() == 0 and fits_the_screen(page)
    with _in_shop():
        assert not Product.objects.filter(sku="ODE-ROBE").exists()

    # A big trash: "Vider" hands it to the worker; the list shows it going, then what it did.
    _delete(page, f"{page.base_url}/catalog/{jeans.public_id}/", "ODE-JEAN")
    with _in_shop():
        old = [ProductFactory(sku=f"ODE-OLD-{n}", title="Ancien article") for n in range(BIG_TRASH - 1)]
        Product.objects.filter(pk__in=[p.pk for p in old]).update(deleted_at=timezone.now())
    _open_trash(page)
    _confirm(page, "purge-all", f"Supprimer définitivement les {BIG_TRASH} produits supprimés")
    page.wait_for_url("**emptying=**")
    page.wait_for_selector(
        f"[data-emptying] [role=status]:has-text('{BIG_TRASH} produits supprimés définitivement.')", timeout=90000
    )
    assert page.locator("table.products tbody tr[data-sku]").count() == 0 and fits_the_screen(page)
    with _in_shop():
        assert not Product.objects.filter(deleted_at__isnull=False).exists()
        assert Product.objects.count() == 0
