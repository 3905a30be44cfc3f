"""A new seller, on a phone: signs up, finds an empty shop, adds a product with photos, has AI
write its listing, connects a Vinted (sandbox) seller, publishes, watches the progress reach
"done" and follows the link to the listing on Vinted."""

import pytest

from tenants.models import Tenant
from tests.browser import wait_until

from .helpers import add_product, fits_the_screen, open_menu, sign_up

pytestmark = [pytest.mark.journey, pytest.mark.django_db(transaction=True)]


def test_sign_up_add_write_with_ai_connect_publish_and_open_the_listing(phone, running):
    page = phone
    sign_up(page, running, "Friperie Colette", "colette@example.com")
    calls_before = running.ai.calls  # the fake AI server serves every journey of the run
    assert page.locator("h1").inner_text() == "Friperie Colette"
    assert "Your shop “Friperie Colette” is ready" in page.locator(".messages").inner_text()
    drafts = page.locator(".catalog-dashboard .card.stat", has_text="Draft").locator(".stat-value")
    assert drafts.inner_text() == "0"
    assert fits_the_screen(page)

    # The shop's plan gets AI credits (staff do this in admin).
    Tenant.objects.filter(name="Friperie Colette").update(ai_credits_override=5)

    product_url = add_product(
        page, sku="COL-001", title="Robe midi fleurie", price="24.90", photos=3, ready_to_publish=True
    )
    assert page.locator("h1").inner_text() == "Robe midi fleurie"
    wait_until(page, "() => [...document.querySelectorAll('.photo-grid img')].every(i => i.naturalWidth > 0)")
    assert page.locator(".photo-grid img").count() == 3
    assert fits_the_screen(page)

    # Write with AI: the generation runs in the worker against the (fake) OpenAI service.
    page.select_option("#id_ai-language", "en")
    page.click("[data-ai-generate]")
    page.wait_for_selector(".ai-result[data-status=succeeded]", timeout=30000)
    assert "Zara" in page.input_value("#id_ai-description")
    written_title = page.input_value("#id_ai-title")
    page.click(".ai-result button[type=submit]")
    page.wait_for_selector("text=The new title and description are saved in the product.")
    assert running.ai.calls - calls_before == 1

    # Connect a sandbox seller from the Vinted accounts page.
    open_menu(page)
    page.click("text=Vinted accounts")
    page.wait_for_url("**/vinted/accounts/")
    assert "No Vinted account yet" in page.content()
    page.select_option("#id_site", "sandbox:fr")
    page.click("[data-connect-sandbox]")
    page.wait_for_selector("[data-status=connected]")
    assert fits_the_screen(page)

    # Publish: the budget forecast, then live progress until the listing link.
    page.goto(product_url)
    page.click("[data-publish-product]")
    page.wait_for_selector("[data-budget-forecast]")
    assert "remaining requests" in page.locator("[data-budget-text]").inner_text()
    page.click("[data-confirm-publish]")
    page.wait_for_url("**/vinted/publish/progress/**")
    page.wait_for_selector("[data-job][data-state=completed], [data-job][data-state=failed]", timeout=60000)
    job = page.locator("[data-job]")
    assert job.get_attribute("data-state") == "completed", job.inner_text()
    link = page.locator("[data-job] [data-listing-link]")
    assert "Done" in page.locator("[data-job] [data-headline]").inner_text()
    assert fits_the_screen(page)
    href = link.get_attribute("href")
    assert href.startswith(running.sandbox_url + "/fr/items/")

    # The listing on Vinted (the sandbox's page) shows the title the AI wrote.
    page.goto(href)
    assert written_title in page.content()
    page.goto(product_url)
    section = page.locator("[data-vinted-section] [data-listing-status=published]")
    assert section.locator("[data-listing-url]").get_attribute("href") == href
