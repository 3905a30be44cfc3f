"""A seller with one product listed on two Vinted accounts, on a phone: it sells on one account, the
other account's listing is taken down by itself, and the Sales page and the product's delist log say
so."""

import time

import pytest
import requests

from .helpers import add_product, fits_the_screen, open_menu, sign_up

pytestmark = [pytest.mark.journey, pytest.mark.django_db(transaction=True)]


def _reload_until(page, selector: str, seconds: int = 90) -> None:
    """The worker takes a moment: reload the page until it shows the outcome."""
    deadline = time.time() + seconds
    while page.locator(selector).count() == 0:
        assert time.time() < deadline, f"{selector} never appeared"
        time.sleep(1)
        page.reload()


def _publish_on_the_next_account(page, product_url: str) -> None:
    page.goto(product_url)
    page.locator("[data-publish-product]").first.click()
    confirm = page.locator("[data-confirm-publish]")
    assert confirm.is_enabled(), page.locator("main").inner_text()
    confirm.click()
    page.wait_for_selector("[data-job][data-state=completed], [data-job][data-state=failed]", timeout=60000)
    assert page.locator("[data-job]").get_attribute("data-state") == "completed"


def test_a_product_sold_on_one_vinted_account_is_taken_down_on_the_other(phone, running):
    from tenants.models import Tenant

    page = phone
    sign_up(page, running, "Friperie Nora", "nora@example.com")
    Tenant.objects.filter(name="Friperie Nora").update(max_platforms_override=5)  # two Vinted accounts
    product_url = add_product(
        page, sku="NOR-001", title="Manteau laine camel", price="45.00", photos=1, ready_to_publish=True
    )
    page.click("a:text('Edit')")
    page.fill("#id_description", "Manteau long en laine, porté un hiver, sans défaut.")
    page.click("form.product-form button[type=submit]")
    page.wait_for_url(product_url)
    for _ in range(2):
        open_menu(page)
        page.click("text=Vinted accounts")
        page.select_option("#id_site", "sandbox:fr")
        page.click("[data-connect-sandbox]")
        page.wait_for_selector("text=Sandbox seller")
    _publish_on_the_next_account(page, product_url)
    _publish_on_the_next_account(page, product_url)

    page.goto(product_url)
    rows = page.locator("[data-vinted-section] article[data-listing-status=published]")
    assert rows.count() == 2
    sold_row, other_row = rows.nth(0), rows.nth(1)
    sold_account, other_account = sold_row.get_attribute("data-account"), other_row.get_attribute("data-account")
    item_id = int(sold_row.locator("[data-listing-url]").get_attribute("href").rsplit("/", 1)[1].split("-", 1)[0])

    # A buyer pays on the first account's listing; the seller asks Stoflow to look now.
    requests.post(f"{running.sandbox_url}/__sandbox__/items/{item_id}/sold", timeout=5).raise_for_status()
    sold_row.locator("[data-sync-now]").click()
    _reload_until(page, f"[data-vinted-section] article[data-account='{other_account}'][data-listing-status=hidden]")
    assert page.locator(f"article[data-account='{sold_account}']").get_attribute("data-listing-status") == "sold"

    log = page.locator("[data-delist-log]")
    assert log.locator("[data-delist-step=sold][data-channel=vinted]").count() == 1
    ended = log.locator("[data-delist-step=ended]")
    assert ended.count() == 1 and "Hidden on Vinted." in ended.inner_text()
    assert fits_the_screen(page)

    page.goto(page.base_url + "/catalog/sales/")
    row = page.locator("table.sales tr[data-sale]")
    assert row.count() == 1 and "NOR-001" in row.inner_text() and "Vinted" in row.inner_text()
    assert row.locator("[data-sale-price]").inner_text() == "€45.00"
    page.goto(page.base_url + "/dashboard/")
    assert page.locator("[data-urgent-tasks]").count() == 0
