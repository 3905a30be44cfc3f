"""New product from photos: upload, a proposal checked field by field, then the product with its photos."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.translation import override
from django_tenants.utils import tenant_context

from ai import vision
from catalog.models import Product
from catalog.taxonomy.models import Colour
from catalog.tests.factories import SaleFactory

from .conftest import give_credits
from .photos import darkened, garment_photo

pytestmark = pytest.mark.django_db

RED, BLUE = (200, 40, 30), (0, 120, 200)
XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


@pytest.fixture
def three_photos():
    """Front, back, then a close-up of a white label on a dark background."""
    return [
        garment_photo(RED),
        garment_photo(RED, second=BLUE),
        garment_photo((240, 240, 240), background=(30, 30, 30)),
    ]


def upload(client, photos, *, hint="jean", language="en", **extra):
    files = [_file(n, data) for n, data in enumerate(photos, start=1)]
    return client.post(reverse("ai:photos_new"), {"photos": files, "hint": hint, "language": language}, **extra)


def _file(number, data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(f"photo{number}.jpg", data, content_type="image/jpeg")


def labelled(request, *, brand="Levi's", size=None):
    """What a vision model reads off the three photos: the label is on photo 3."""
    nothing = {"value": None, "confidence": 0.0, "photos": []}
    return {
        "category_id": request["shortlist"][0]["id"],
        "category_confidence": 0.85,
        "brand": {"value": brand, "confidence": 0.93, "photos": [3]} if brand else dict(nothing),
        "size": {"value": size, "confidence": 0.9, "photos": [3]} if size else dict(nothing),
        "colours": {"value": ["Red", "Blue"], "confidence": 0.8, "photos": [1, 2]},
        "materials": {"value": ["Cotton"], "confidence": 0.6, "photos": [3]},
        "condition": {"value": "very_good", "confidence": 0.55, "photos": [1, 2]},
        "flaws": {"value": ["small mark on the left sleeve"], "confidence": 0.5, "photos": [2]},
        "title": "Veste en jean Levi's rouge",
        "description": "Veste en jean rouge et bleue, très bon état.",
    }


def draft_url(response) -> str:
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"]


def test_photos_page_without_a_key_says_what_offline_mode_can_and_cannot_do(client_a, offline_ai):
    page = client_a.get(reverse("ai:photos_new")).content.decode()

    assert "data-offline-mode" in page
    assert "It cannot tell the category, brand, size or materials" in page
    assert "close-ups of the brand label, the size tag and the care label" in page


def test_upload_photos_offline_proposes_the_measured_colours_and_warns_of_a_dark_photo(
    client_a, shop_a, offline_ai, three_photos
):
    response = upload(client_a, [three_photos[0], three_photos[0], darkened(three_photos[0])])

    draft = client_a.get(draft_url(response))
    page = draft.content.decode()
    assert "Offline mode: no AI service is configured." in page
    assert 'data-proposal="colours"' in page
    assert "photo 1, 2" in page  # the colours' evidence: the readable photos
    assert "Photo 3: This photo is dark" in page
    # category, brand, size, materials, condition and flaws
    assert page.count("not read from the photos: fill it in") == 6
    with tenant_context(shop_a.tenant):
        assert draft.context["form"].initial["colours"] == [Colour.objects.get(name_en="Red").pk]
        assert Product.objects.count() == 0


def test_upload_photos_with_ai_shows_each_field_with_confidence_and_where_it_was_read(
    client_a, shop_a, fake_openai, three_photos
):
    give_credits(shop_a, 10)
    fake_openai.answer_photos([vision.thumbnail(p) for p in three_photos], labelled)

    page = client_a.get(draft_url(upload(client_a, three_photos))).content.decode()

    assert "Proposed by AI from your photos" in page and "3 credits used" in page
    assert "Levi&#x27;s" in page and "confidence 93 %" in page
    assert "label or logo, photo 3" in page
    assert "care label, photo 3" in page
    assert 'value="Levi&#x27;s"' in page  # prefilled, for the seller to confirm or correct
    assert "small mark on the left sleeve" in page
    assert "check this" in page  # the condition at 55 %
    with tenant_context(shop_a.tenant):
        assert Product.objects.count() == 0


def test_upload_photos_without_a_readable_label_leaves_the_brand_empty(client_a, shop_a, fake_openai, three_photos):
    give_credits(shop_a, 10)
    fake_openai.answer_photos(
        [vision.thumbnail(p) for p in three_photos], lambda request: labelled(request, brand=None)
    )

    page = client_a.get(draft_url(upload(client_a, three_photos))).content.decode()

    brand_row = page.split('data-proposal="brand"', 1)[1].split("</p>", 1)[0]
    assert "not read from the photos: fill it in" in brand_row
    assert 'name="brand_name" id="id_brand_name" value=""' in page


def test_upload_photos_when_the_model_refuses_falls_back_to_offline_and_says_why(
    client_a, shop_a, fake_openai, three_photos
):
    give_credits(shop_a, 10)
    fake_openai.queue("refusal")

    page = client_a.get(draft_url(upload(client_a, three_photos))).content.decode()

    assert "The AI declined to read these photos." in page
    assert "This is what the photos show without AI." in page
    assert 'data-proposal="colours"' in page


def test_upload_more_than_eight_photos_is_refused_naming_the_field(client_a, offline_ai):
    response = upload(client_a, [garment_photo(RED, size=(300, 400))] * 9, **XHR)

    assert response.status_code == 400
    assert response.json()["errors"]["photos"] == ["At most 8 photos: leave some out."]


def test_upload_from_the_page_script_answers_json_with_the_draft_address(client_a, offline_ai, three_photos):
    response = upload(client_a, three_photos[:1], **XHR)

    assert response.status_code == 200
    assert response.json()["redirect"].startswith("/ai/photos/")


def test_draft_price_is_prefilled_from_similar_sales_and_the_basis_is_shown(
    client_a, shop_a, fake_openai, three_photos
):
    give_credits(shop_a, 10)
    fake_openai.answer_photos([vision.thumbnail(p) for p in three_photos], labelled)
    url = draft_url(upload(client_a, three_photos))
    with tenant_context(shop_a.tenant):
        category_id = client_a.get(url).context["form"].initial["category"]
        condition_id = client_a.get(url).context["form"].initial["condition"]
        for price in ("20", "24", "28"):
            SaleFactory(
                product__category_id=category_id,
                product__condition_id=condition_id,
                product__brand_name="Levi's",
                price=Decimal(price),
            )

    page = client_a.get(url)

    assert page.context["form"].initial["price"] == Decimal("24.00")
    assert "3 similar items sold in 90 days, median €24.00" in page.content.decode()


def save_data(form, confirm=(), **changes) -> dict:
    """The form as shown, with `changes` typed in and the proposed fields named in `confirm` ticked."""
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None or name.startswith("confirm_"):
            continue
        data[name] = [str(v) for v in value] if isinstance(value, list) else str(value)
    data.update(changes)
    data.update({f"confirm_{name}": "on" for name in confirm})
    return data


def test_draft_page_offers_a_confirmation_for_each_field_read_off_the_photos(
    client_a, shop_a, fake_openai, three_photos
):
    give_credits(shop_a, 10)
    fake_openai.answer_photos([vision.thumbnail(p) for p in three_photos], labelled)

    response = client_a.get(draft_url(upload(client_a, three_photos)))

    page = response.content.decode()
    # The size "M" is not read (labelled() gives none); every other field is.
    assert response.context["form"].proposed == ["category", "brand", "colours", "materials", "condition", "flaws"]
    for name in response.context["form"].proposed:
        row = page.split(f'id="proposal-{name}"', 1)[1]
        assert f'name="confirm_{name}"' in row.split('class="proposed-field"', 1)[0]
    assert 'name="confirm_size"' not in page
    brand = page.split('id="proposal-brand"', 1)[1].split('name="confirm_brand"', 1)[0]
    assert "confidence 93 %" in brand and "label or logo, photo 3" in brand and 'id="id_brand_name"' in brand


def test_save_draft_with_a_proposed_field_neither_confirmed_nor_corrected_saves_nothing_and_names_it(
    client_a, shop_a, fake_openai, three_photos
):
    give_credits(shop_a, 10)
    fake_openai.answer_photos([vision.thumbnail(p) for p in three_photos], labelled)
    url = draft_url(upload(client_a, three_photos))
    form = client_a.get(url).context["form"]
    data = save_data(
        form, confirm=("category", "colours", "materials", "condition", "flaws"), price="25.00", sku="JEAN-2"
    )

    response = client_a.post(url, data)

    assert response.status_code == 400
    assert response.context["form"].errors["brand_name"] == ["Confirm this value or correct it."]
    assert list(response.context["form"].errors) == ["brand_name"]
    with tenant_context(shop_a.tenant):
        assert not Product.objects.filter(sku="JEAN-2").exists()
    assert client_a.get(url).status_code == 200  # the draft is still there


def test_save_draft_with_every_proposed_field_confirmed_one_by_one_creates_the_product(
    client_a, shop_a, fake_openai, three_photos
):
    give_credits(shop_a, 10)
    fake_openai.answer_photos([vision.thumbnail(p) for p in three_photos], labelled)
    url = draft_url(upload(client_a, three_photos))
    form = client_a.get(url).context["form"]

    response = client_a.post(url, save_data(form, confirm=form.proposed, price="25.00", sku="JEAN-3"))

    assert response.status_code == 302, response.context["form"].errors
    with tenant_context(shop_a.tenant):
        assert Product.objects.get(sku="JEAN-3").brand_name == "Levi's"


def test_save_draft_with_corrections_creates_the_product_with_its_photos_and_deletes_the_draft(
    client_a, shop_a, fake_openai, three_photos
):
    give_credits(shop_a, 10)
    fake_openai.answer_photos([vision.thumbnail(p) for p in three_photos], labelled)
    url = draft_url(upload(client_a, three_photos))
    form = client_a.get(url).context["form"]

    # The brand is corrected (no confirmation needed), every other proposed field confirmed.
    confirm = [name for name in form.proposed if name != "brand"]
    response = client_a.post(url, save_data(form, confirm=confirm, brand_name="Lee", price="25.00", sku="JEAN-1"))

    with tenant_context(shop_a.tenant):
        product = Product.objects.get(sku="JEAN-1")
        assert response["Location"] == reverse("catalog:detail", args=[product.public_id])
        assert (product.brand_name, product.price, product.title) == (
            "Lee",
            Decimal("25.00"),
            "Veste en jean Levi's rouge",
        )
        assert product.category_id == form.initial["category"]
        assert sorted(product.colours.values_list("name_en", flat=True)) == ["Blue", "Red"]
        assert list(product.materials.values_list("name_en", flat=True)) == ["Cotton"]
        assert product.seller_notes == "small mark on the left sleeve"
        assert product.photos.count() == 3
    assert client_a.get(url).status_code == 404


def test_save_draft_without_a_price_shows_the_field_error_and_saves_nothing(client_a, shop_a, offline_ai, three_photos):
    url = draft_url(upload(client_a, three_photos))
    form = client_a.get(url).context["form"]
    data = save_data(form, confirm=form.proposed, sku="NEW-1", price="")

    response = client_a.post(url, data)

    assert response.status_code == 400
    assert response.context["form"].errors["price"]
    with tenant_context(shop_a.tenant):
        assert not Product.objects.filter(sku="NEW-1").exists()


def test_discard_draft_deletes_it(client_a, offline_ai, three_photos):
    url = draft_url(upload(client_a, three_photos[:1]))

    client_a.post(url + "discard/")

    assert client_a.get(url).status_code == 404


def test_draft_photo_is_served_as_a_bounded_jpeg_thumbnail(client_a, offline_ai):
    url = draft_url(upload(client_a, [garment_photo(RED, size=(3024, 4032))]))

    response = client_a.get(url + "photo/1/")

    assert response["Content-Type"] == "image/jpeg"
    assert max(vision_size(response.content)) == vision.THUMBNAIL_SIDE
    assert client_a.get(url + "photo/2/").status_code == 404


def vision_size(data):
    import io

    from PIL import Image

    return Image.open(io.BytesIO(data)).size


def test_draft_page_in_french_shows_the_proposal_and_the_offline_notice_in_french(client_a, offline_ai, three_photos):
    url = draft_url(upload(client_a, three_photos, language="fr"))
    client_a.cookies["django_language"] = "fr"

    with override("fr"):  # the middleware activates French in this thread: put the test's language back after
        page = client_a.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert "Vérifiez la proposition" in page
    assert "Mode hors ligne\xa0: aucun service d’IA n’est configuré." in page
    assert "non lu sur les photos\xa0: à remplir" in page
    assert "Rouge" in page
