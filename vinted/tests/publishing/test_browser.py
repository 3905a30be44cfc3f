"""A seller publishes a product to the Vinted sandbox from a phone-sized Chromium, through a real
Celery worker, and watches the progress reach "done" with a link to the listing without reloading."""

from decimal import Decimal

import pytest
from django.db import connection
from django_tenants.utils import tenant_context

from catalog.taxonomy.models import Colour, Material, Size
from catalog.tests.factories import ProductFactory
from stoflow.celery import app as celery_app
from tests.factories import PASSWORD, make_shop
from tests.services import CeleryWorker, use_broker
from vinted import services as vinted_services
from vinted.jobs.models import Job
from vinted.sessions import VintedSession

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


def _vinted(model, vinted_id):
    return model.objects.get(external_ids__contains={"vinted": vinted_id})


def _fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.fixture
def shop_with_seller(page, sandbox, redis_client):
    """A shop connected to a fresh sandbox seller, with one publishable 3-photo product; signed in."""
    shop = make_shop("u")
    seller = sandbox.create_seller("browser-publisher")
    issued = sandbox.issue_session(seller["id"])
    session = VintedSession(
        cookies=issued["cookies"],
        csrf_token=issued["csrf_token"],
        anon_id=issued["anon_id"],
        user_agent=issued["user_agent"],
        locale=issued["locale"],
    )
    with tenant_context(shop.tenant):
        vinted_services.connect(
            vinted_services.Capture(domain=issued["domain"], session=session, vinted_user_id=seller["id"]),
            tenant=shop.tenant,
        )
        product = ProductFactory(
            photos=3,
            title="Striped cotton T-shirt",
            description="Worn twice, no marks.",
            size=_vinted(Size, 4),
            price=Decimal("10.00"),
            brand_name="Zara",
            brand=None,
        )
        product.colours.set([_vinted(Colour, 12), _vinted(Colour, 27)])
        product.materials.set([_vinted(Material, 44)])
    page.goto(page.base_url + "/login/")
    page.fill("#id_email", shop.owner.email)
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url("**/dashboard/")
    return shop, seller, product


def test_publish_from_the_product_page_shows_live_progress_until_the_listing_link(
    page, settings, sandbox, shop_with_seller
):
    shop, seller, product = shop_with_seller
    # Each photo upload takes a second on the sandbox, so the progress shows the photos counting up.
    sandbox.add_fault("slow", seller_id=seller["id"], route="photos", seconds=1.2)
    use_broker(celery_app, settings.CELERY_BROKER_URL)  # fresh pools, whatever earlier tests did
    worker = CeleryWorker(
        {
            "DATABASE_URL": _database_url(),
            "VINTED_SANDBOX_URL": sandbox.url,
            "VINTED_SANDBOX_ENABLED": "true",
            "VINTED_REQUEST_DELAY_MIN": "0",
            "VINTED_REQUEST_DELAY_MAX": "0",
        }
    ).start()
    try:
        worker.wait_ready(celery_app)
        assert page.locator("[data-header-budget] .budget-badge").inner_text() == "0/40"

        page.goto(f"{page.base_url}/catalog/{product.public_id}/")
        page.click("[data-publish-product]")
        page.wait_for_selector("[data-budget-forecast]")
        assert "Uses 4 of your 40 remaining requests." in page.locator("[data-budget-text]").inner_text()
        assert page.locator("[data-preview][data-ready=yes]").count() == 1
        assert _fits_the_screen(page)

        page.click("[data-confirm-publish]")
        page.wait_for_url("**/vinted/publish/progress/**")
        page.evaluate("window.__notReloaded = true")
        page.wait_for_selector("[data-job] [data-headline]:has-text('Uploading photos')", timeout=20000)
        assert _fits_the_screen(page)
        link = page.wait_for_selector("[data-job][data-state=completed] [data-listing-link]", timeout=60000)
        assert page.evaluate("window.__notReloaded === true")  # HTMX swapped fragments, no page load
        assert "Done" in page.locator("[data-job] [data-headline]").inner_text()
        href = link.get_attribute("href")
    finally:
        worker.stop()
    [listing] = sandbox.listings(seller["id"])
    assert str(listing["id"]) in href and href.startswith(sandbox.url)
    with tenant_context(shop.tenant):
        job = Job.objects.get()
        assert (job.state, job.photos_done, job.photos_total) == ("completed", 3, 3)
        account_id = job.account.public_id

    # The product page lists the listing; the job's history shows its requests, never a secret.
    page.goto(f"{page.base_url}/catalog/{product.public_id}/")
    section = page.locator("[data-vinted-section] [data-listing-status=published]")
    assert section.count() == 1 and section.locator("[data-listing-url]").get_attribute("href") == href
    assert page.locator("[data-header-budget] .budget-badge").inner_text() == "4/40"
    assert _fits_the_screen(page)
    page.goto(f"{page.base_url}/vinted/jobs/{job.public_id}/")
    assert page.locator("[data-events] li[data-kind=request]").count() >= 4
    assert page.locator("[data-events]").inner_text().count("uploaded") == 3
    assert "datadome" not in page.content().lower() and "access_token" not in page.content()
    assert _fits_the_screen(page)

    # The queue, on a phone, in French.
    page.context.add_cookies([{"name": "django_language", "value": "fr", "url": page.base_url}])
    page.goto(f"{page.base_url}/vinted/accounts/{account_id}/queue/")
    assert page.locator("h1").inner_text().startswith("File d’attente de")
    assert page.locator(f"[data-job='{job.public_id}'][data-state=completed]").count() == 1
    assert _fits_the_screen(page)
