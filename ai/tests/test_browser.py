"""A seller writes a description with AI on a phone-sized screen, in headless Chromium, with the
generation running in a real Celery worker against the fake OpenAI server."""

import pytest
from django_tenants.utils import tenant_context

from catalog.models import Product
from catalog.tests.factories import ProductFactory
from stoflow.celery import app as celery_app
from tests.factories import PASSWORD, make_shop
from tests.services import CeleryWorker, use_broker

from .test_worker import _database_url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, email):
    page.goto(page.base_url + "/login/")
    page.fill("#id_email", email)
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url("**/dashboard/")


def _fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_write_with_ai_preview_edit_and_save_on_a_phone(page, settings, fake_openai):
    fake_openai.delay = 1.0  # long enough for the progress state to show
    shop = make_shop("p")
    shop.tenant.ai_credits_override = 5
    shop.tenant.save()
    with tenant_context(shop.tenant):
        # No taxonomy: an earlier committed test's flush may have emptied the seeded tables.
        product = ProductFactory(
            title="Robe longue fleurie",
            brand_name="Sézane",
            category=None,
            condition=None,
            package_size=None,
            seller_notes="Petite tache au dos.",
            description="Texte d'origine.",
        )
    use_broker(celery_app, settings.CELERY_BROKER_URL)  # fresh pools, whatever earlier tests did
    worker = CeleryWorker(
        {"DATABASE_URL": _database_url(), "AI_API_KEY": settings.AI_API_KEY, "AI_BASE_URL": fake_openai.base_url}
    ).start()
    try:
        worker.wait_ready(celery_app)
        _sign_in(page, shop.owner.email)

        # Product page: generate, watch progress, edit the preview, save into the product.
        page.goto(f"{page.base_url}/catalog/{product.public_id}/")
        page.select_option("#id_ai-language", "fr")
        page.click("[data-ai-generate]")
        page.wait_for_selector(".ai-result[data-status=queued], .ai-result[data-status=running]")
        page.wait_for_selector(".ai-result[data-status=succeeded]", timeout=30000)
        assert "Sézane" in page.input_value("#id_ai-title")
        assert "Petite tache au dos." in page.input_value("#id_ai-description")
        assert _fits_the_screen(page)
        page.fill("#id_ai-title", "Robe longue Sézane fleurie")
        page.click(".ai-result button[type=submit]")
        page.wait_for_selector("text=The new title and description are saved in the product.")
        with tenant_context(shop.tenant):
            saved = Product.objects.get(pk=product.pk)
        assert saved.title == "Robe longue Sézane fleurie" and "Petite tache au dos." in saved.description

        # Product form: the saved title changed the facts, so this is a new text (not the cached one);
        # "Put into the form" fills the fields and saves nothing.
        page.goto(f"{page.base_url}/catalog/{product.public_id}/edit/")
        page.select_option("#id_ai-language", "fr")
        page.click("[data-ai-generate]")
        page.wait_for_selector(".ai-result[data-status=succeeded]", timeout=30000)
        assert page.locator("text=From the cache: free").count() == 0
        page.click("[data-ai-fill]")
        assert "Sézane" in page.input_value("input[name=title]")
        assert _fits_the_screen(page)
        with tenant_context(shop.tenant):
            assert Product.objects.get(pk=product.pk).title == "Robe longue Sézane fleurie"  # not saved yet
    finally:
        worker.stop()
    assert fake_openai.calls == 2

    # The usage page, in French.
    page.context.add_cookies([{"name": "django_language", "value": "fr", "url": page.base_url}])
    page.goto(page.base_url + "/ai/")
    assert page.locator("h1").inner_text() == "Utilisation de l’IA"
    assert "3 / 5" in page.locator("[data-credits-left]").inner_text()
    assert _fits_the_screen(page)
