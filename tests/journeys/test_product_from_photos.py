"""A seller on a phone photographs an item (front, back, the label), gets a proposal read off the
photos, corrects what is wrong, saves the product with its photos, and finds it ready in the
Vinted publish preview. The vision model is the fake OpenAI-compatible server, answering for
exactly these photos: the label on photo 3 carries the brand and the size."""

import pytest

from ai import vision
from ai.tests.photos import garment_photo
from tenants.models import Tenant
from tests.browser import wait_until

from .helpers import fits_the_screen, open_menu, sign_up

pytestmark = [pytest.mark.journey, pytest.mark.django_db(transaction=True)]

GREEN, WHITE = (54, 154, 61), (245, 245, 245)
PHOTOS = [
    garment_photo(GREEN, size=(900, 1200)),
    garment_photo(GREEN, size=(900, 1200), second=WHITE),
    garment_photo(WHITE, size=(900, 1200), background=(25, 25, 25)),
]


def read_off_the_photos(request):
    """What a vision model reads: a midi dress, the label (photo 3) says Zara and M / 38 / 10."""
    dress = next(item for item in request["shortlist"] if item["path"].endswith("Midi-dresses"))
    return {
        "category_id": dress["id"],
        "category_confidence": 0.8,
        "brand": {"value": "Zara", "confidence": 0.95, "photos": [3]},
        "size": {"value": "M / 38 / 10", "confidence": 0.9, "photos": [3]},
        "colours": {"value": ["Green"], "confidence": 0.85, "photos": [1, 2]},
        "materials": {"value": [], "confidence": 0.0, "photos": []},
        "condition": {"value": "very_good", "confidence": 0.6, "photos": [1, 2]},
        "flaws": {"value": [], "confidence": 0.5, "photos": []},
        "title": "Robe midi verte Zara",
        "description": "Robe midi verte, taille M, très bon état.",
    }


def test_photos_to_a_checked_draft_to_a_saved_product_ready_to_publish_on_a_phone(phone, running):
    page = phone
    sign_up(page, running, "Friperie Photo", "photo@example.com")
    Tenant.objects.filter(name="Friperie Photo").update(ai_credits_override=10)
    calls_before = running.ai.calls  # the fake AI server serves every journey of the run
    running.ai.answer_photos([vision.thumbnail(p) for p in PHOTOS], read_off_the_photos)

    open_menu(page)
    page.click("text=Vinted accounts")
    page.wait_for_url("**/vinted/accounts/")
    page.select_option("#id_site", "sandbox:fr")
    page.click("[data-connect-sandbox]")
    page.wait_for_selector("[data-status=connected]")

    # Photos: picked on the phone, uploaded with a progress bar.
    page.goto(page.base_url + "/ai/photos/")
    assert "close-ups of the brand label" in page.locator("#photos-help").inner_text()
    page.fill("#id_hint", "midi dress")
    page.select_option("#id_language", "fr")
    page.set_input_files(
        "#id_photos",
        [{"name": f"IMG_{n}.jpg", "mimeType": "image/jpeg", "buffer": data} for n, data in enumerate(PHOTOS, 1)],
    )
    assert page.locator("[data-previews] img").count() == 3
    assert fits_the_screen(page)
    page.click("[data-upload-submit]")
    page.wait_for_url("**/ai/photos/*-*/")

    # The proposal, field by field, with its confidence and where it was read; nothing saved yet.
    brand = page.locator("[data-proposal=brand]")
    assert "Zara" in brand.inner_text() and "label or logo, photo 3" in brand.inner_text()
    assert "size tag, photo 3" in page.locator("[data-proposal=size]").inner_text()
    assert "Midi-dresses" in page.locator("[data-proposal=category]").inner_text()
    assert page.locator(".photo-strip img").count() == 3
    assert fits_the_screen(page)
    assert page.input_value("#id_brand_name") == "Zara"

    # No sales yet in this shop: the price suggestion says so for the proposed category.
    assert "Nothing similar sold or listed" in page.locator("#price-suggestion").inner_text()

    # Corrections: a better title, the price, the materials the label did not show, the parcel.
    page.fill("#id_title", "Robe midi verte Zara, portée deux fois")
    page.select_option("#id_package_size", label="Small (fits a large envelope)")
    page.fill("#id_price", "19.50")
    page.locator("#id_materials label.chip", has_text="Cotton").click()
    # Each field read off the photos is confirmed on its own; the size is forgotten at first.
    for name in ("category", "brand", "colours", "condition"):
        page.click(f"[data-confirm-label={name}]")
        assert page.is_checked(f"#id_confirm_{name}")
    assert fits_the_screen(page)
    page.click("[data-save-draft]")
    assert page.locator("#id_size-error").inner_text() == "Confirm this value or correct it."
    assert page.input_value("#id_title") == "Robe midi verte Zara, portée deux fois"  # nothing typed is lost
    assert page.is_checked("#id_confirm_brand")
    page.click("[data-confirm-label=size]")
    page.click("[data-save-draft]")
    page.wait_for_url("**/catalog/*-*/")
    assert page.locator("h1").inner_text() == "Robe midi verte Zara, portée deux fois"
    wait_until(page, "() => [...document.querySelectorAll('.photo-grid img')].every(i => i.naturalWidth > 0)")
    assert page.locator(".photo-grid img").count() == 3
    assert running.ai.calls - calls_before == 1
    assert fits_the_screen(page)

    # The Vinted publish preview finds nothing missing.
    page.click("[data-publish-product]")
    page.wait_for_selector("[data-budget-forecast]")
    preview = page.locator("[data-preview]")
    assert preview.get_attribute("data-ready") == "yes", preview.inner_text()
    assert preview.locator("[data-photos]").get_attribute("data-photos") == "3"
