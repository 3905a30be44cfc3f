"""A seller sets a repost rule in "ask me" mode on a phone: the beat's pass (sent to the stack's
worker, as the beat does) proposes only the stale listing, the seller approves it in one click,
and the listing is reposted on Vinted (the sandbox) through a job, within the request budget."""

import datetime

import pytest
import requests
from django.conf import settings
from django.utils import timezone
from django_tenants.utils import tenant_context

from stoflow.celery import app as celery_app
from tenants.models import Tenant
from tests.services import use_broker
from vinted.jobs.models import Listing

from .helpers import add_product, fits_the_screen, open_menu, sign_up
from .test_listed_product import _reload_until

pytestmark = [pytest.mark.journey, pytest.mark.django_db(transaction=True)]


def _publish(page, product_url: str) -> str:
    page.goto(product_url)
    page.click("a:text('Edit')")
    page.fill("#id_description", "Pièce en bon état, portée quelques fois, sans défaut visible.")
    page.click("form.product-form button[type=submit]")
    page.wait_for_url(product_url)
    page.click("[data-publish-product]")
    page.click("[data-confirm-publish]")
    page.wait_for_selector("[data-job][data-state=completed], [data-job][data-state=failed]", timeout=60000)
    assert page.locator("[data-job]").get_attribute("data-state") == "completed"
    return page.locator("[data-job] [data-listing-link]").get_attribute("href")


def _item_ids(running, shop_name: str) -> set[int]:
    """The open items of the shop's sandbox seller (other journeys leave sellers of their own)."""
    from vinted.models import VintedAccount

    with tenant_context(Tenant.objects.get(name=shop_name)):
        seller_id = VintedAccount.objects.get().vinted_user_id
    items = requests.get(f"{running.sandbox_url}/__sandbox__/sellers/{seller_id}/items", timeout=5).json()
    return {item["id"] for item in items["items"] if not item["is_closed"]}


def _item_id(listing_url: str) -> int:
    return int(listing_url.rsplit("/", 1)[1].split("-", 1)[0])


def test_ask_me_repost_rule_proposes_the_stale_listing_and_approved_reposts_it(phone, running):
    page = phone
    sign_up(page, running, "Dépôt Hugo", "hugo@example.com")
    stale_url = add_product(page, sku="HUG-OLD", title="Pull en laine", price="25.00", photos=1, ready_to_publish=True)
    fresh_url = add_product(page, sku="HUG-NEW", title="Chemise lin", price="18.00", photos=1, ready_to_publish=True)
    open_menu(page)
    page.click("text=Vinted accounts")
    page.select_option("#id_site", "sandbox:fr")
    page.click("[data-connect-sandbox]")
    page.wait_for_selector("[data-status=connected]")
    stale_item, fresh_item = _item_id(_publish(page, stale_url)), _item_id(_publish(page, fresh_url))
    with tenant_context(Tenant.objects.get(name="Dépôt Hugo")):  # listed 45 days ago
        Listing.objects.filter(product__sku="HUG-OLD").update(published_at=timezone.now() - datetime.timedelta(days=45))

    open_menu(page)
    page.click("text=Vinted accounts")
    page.click("a:text('Automation')")
    page.select_option("#id_kind", "repost")
    page.select_option("#id_mode", "ask")
    for box in page.locator("input[name=days]").all():
        box.check()
    page.fill("#id_start_time", "00:00")
    page.fill("#id_end_time", "23:59")
    page.fill("#id_min_age_days", "30")
    page.click("form button[type=submit]:text('Save')")
    page.wait_for_selector("[data-plan], .error")  # the new rule's page, with its plan
    assert page.locator(".error").count() == 0, page.locator(".error").all_inner_texts()
    assert "1 repost, 3 requests" in page.locator("[data-plan]").first.inner_text()
    assert fits_the_screen(page)

    use_broker(celery_app, running.env["REDIS_URL"])  # the stack's worker, as its beat would
    try:
        celery_app.send_task("vinted.automation.run_due")
    finally:
        use_broker(celery_app, settings.CELERY_BROKER_URL)
    _reload_until(page, "[data-run][data-state=proposed]")
    proposal = page.locator("[data-run][data-state=proposed]").inner_text()
    assert "HUG-OLD" in proposal and "HUG-NEW" not in proposal and "3 requests" in proposal
    assert fits_the_screen(page)

    page.click("[data-run][data-state=proposed] button:text('Approve')")
    page.wait_for_selector("[data-run][data-state=done]")
    page.click("[data-run][data-state=done] a:text('job')")
    _reload_until(page, "[data-job][data-state=completed]")
    live = _item_ids(running, "Dépôt Hugo")
    assert stale_item not in live and fresh_item in live and len(live) == 2  # reposted under a new id
    page.goto(stale_url)
    assert page.locator("[data-job-history] li[data-state=completed]", has_text="Repost").count() == 1
