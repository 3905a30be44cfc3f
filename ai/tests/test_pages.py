"""The dashboard: write with AI from a product, watch progress, accept or edit; bulk; usage."""

import pytest
from django.urls import reverse
from django_tenants.utils import tenant_context

from ai.models import Generation
from catalog.models import Product
from catalog.tests.factories import ProductFactory
from stoflow.celery import app as celery_app
from tenants.models import Membership
from tests.factories import add_member

HTMX = {"HTTP_HX_REQUEST": "true"}
OPTIONS = {"ai-language": "fr", "ai-tone": "formal", "ai-length": "medium", "mode": "save"}


@pytest.fixture
def eager_celery():
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


@pytest.fixture
def product_a(shop_a):
    with tenant_context(shop_a.tenant):
        return ProductFactory(
            title="Robe longue fleurie",
            brand_name="Sézane",
            seller_notes="Petite tache au dos.",
            description="Texte du vendeur, à garder.",
        )


def generate(client, product, django_capture_on_commit_callbacks, data=OPTIONS):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("ai:generate", args=[product.public_id]), data, **HTMX)


def test_product_form_offers_write_with_ai(client_a, product_a):
    response = client_a.get(reverse("catalog:edit", args=[product_a.public_id]))
    assert response.status_code == 200
    assert "Write with AI" in response.content.decode() and 'name="ai-language"' in response.content.decode()


def test_generate_then_accept_writes_the_text_into_the_product_only_on_accept(
    client_a, shop_a, product_a, offline_ai, eager_celery, django_capture_on_commit_callbacks
):
    response = generate(client_a, product_a, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    with tenant_context(shop_a.tenant):
        generation = Generation.objects.get()
        assert generation.status == Generation.Status.SUCCEEDED
        assert Product.objects.get(pk=product_a.pk).description == "Texte du vendeur, à garder."
    status = client_a.get(reverse("ai:generation", args=[generation.public_id]) + "?mode=save", **HTMX)
    body = status.content.decode()
    assert "Not written by AI" in body and "Sézane" in body and "Petite tache au dos." in body
    assert "hx-trigger" not in body  # done: polling stops
    accepted = client_a.post(
        reverse("ai:accept", args=[generation.public_id]),
        {"ai-title": "Robe longue Sézane", "ai-description": "Edited by me. Petite tache au dos."},
        **HTMX,
    )
    assert accepted.status_code == 200 and "saved in the product" in accepted.content.decode()
    with tenant_context(shop_a.tenant):
        product = Product.objects.get(pk=product_a.pk)
        assert (product.title, product.description) == ("Robe longue Sézane", "Edited by me. Petite tache au dos.")
        assert Generation.objects.get().accepted_at is not None


def test_generation_in_progress_is_polled(client_a, shop_a, product_a, offline_ai, django_capture_on_commit_callbacks):
    response = client_a.post(reverse("ai:generate", args=[product_a.public_id]), OPTIONS, **HTMX)  # not run yet
    body = response.content.decode()
    assert 'hx-trigger="every 1s"' in body and "Waiting for a writer" in body


def test_generate_with_unknown_options_answers_400_naming_the_field(client_a, product_a):
    response = client_a.post(
        reverse("ai:generate", args=[product_a.public_id]), {**OPTIONS, "ai-language": "xx", "ai-tone": ""}, **HTMX
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert 'id="id_ai-language-error"' in body and 'id="id_ai-tone-error"' in body


def test_accept_with_a_title_over_100_characters_shows_the_error_and_keeps_the_product(
    client_a, shop_a, product_a, offline_ai, eager_celery, django_capture_on_commit_callbacks
):
    generate(client_a, product_a, django_capture_on_commit_callbacks)
    with tenant_context(shop_a.tenant):
        generation = Generation.objects.get()
    response = client_a.post(
        reverse("ai:accept", args=[generation.public_id]), {"ai-title": "x" * 101, "ai-description": "fine"}, **HTMX
    )
    assert response.status_code == 400 and 'id="id_ai-title-error"' in response.content.decode()
    with tenant_context(shop_a.tenant):
        assert Product.objects.get(pk=product_a.pk).title == "Robe longue fleurie"


def test_failed_generation_shows_a_clear_message(
    client_a, shop_a, product_a, fake_openai, eager_celery, django_capture_on_commit_callbacks
):
    fake_openai.queue("refusal")
    shop_a.tenant.ai_credits_override = 3
    shop_a.tenant.save()
    generate(client_a, product_a, django_capture_on_commit_callbacks)
    with tenant_context(shop_a.tenant):
        generation = Generation.objects.get()
    body = client_a.get(reverse("ai:generation", args=[generation.public_id]), **HTMX).content.decode()
    assert "declined to write this listing" in body and "no credit was used" in body


def test_viewer_sees_but_cannot_generate(client, shop_a, product_a):
    client.force_login(add_member(shop_a, Membership.Role.VIEWER))
    assert client.get(reverse("ai:product", args=[product_a.public_id])).status_code == 200
    assert client.post(reverse("ai:generate", args=[product_a.public_id]), OPTIONS).status_code == 403


def test_bulk_action_writes_for_every_selected_product(
    client_a, shop_a, offline_ai, eager_celery, django_capture_on_commit_callbacks
):
    with tenant_context(shop_a.tenant):
        products = [ProductFactory(), ProductFactory()]
    with django_capture_on_commit_callbacks(execute=True):
        response = client_a.post(
            reverse("catalog:bulk"), {"action": "ai_write", "ids": [str(p.public_id) for p in products]}
        )
    assert response.status_code == 302 and "/ai/batches/" in response["Location"]
    page = client_a.get(response["Location"])
    assert page.status_code == 200
    assert page.content.decode().count("Save into the product") == 2
    with tenant_context(shop_a.tenant):
        assert Generation.objects.filter(status="succeeded").count() == 2


def test_usage_page_shows_credits_hits_and_cost(
    client_a, shop_a, product_a, fake_openai, eager_celery, django_capture_on_commit_callbacks
):
    shop_a.tenant.ai_credits_override = 7
    shop_a.tenant.save()
    generate(client_a, product_a, django_capture_on_commit_callbacks)
    generate(client_a, product_a, django_capture_on_commit_callbacks)
    body = client_a.get(reverse("ai:usage")).content.decode()
    assert "6 / 7" in body and "50 %" in body and fake_openai.calls == 1


def test_usage_page_speaks_french(client_a):
    client_a.cookies["django_language"] = "fr"
    body = client_a.get(reverse("ai:usage"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Utilisation de l’IA" in body


def test_staff_see_ai_usage_per_shop_in_admin(client, shop_a, shop_b, offline_ai):
    from ai import services
    from ai.facts import ProductFacts
    from ai.options import GenerationOptions
    from tests.factories import UserFactory

    with tenant_context(shop_a.tenant):
        generation = services.request_generation(ProductFacts(title="Pull"), GenerationOptions(), enqueue=False)
        services.run_generation(generation.public_id, tenant=shop_a.tenant)
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    response = client.get(reverse("admin:ai_generation_usage_by_shop"))
    assert response.status_code == 200
    body = response.content.decode()
    assert f'data-shop="{shop_a.tenant.schema_name}"><td>Shop A</td><td>0 / 0</td>\n      <td>1</td>' in body
    assert f'data-shop="{shop_b.tenant.schema_name}"><td>Shop B</td><td>0 / 0</td>\n      <td>0</td>' in body


def test_sellers_cannot_open_the_staff_usage_page(client_a):
    response = client_a.get(reverse("admin:ai_generation_usage_by_shop"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_staff_generation_list_works_outside_a_shop(client, db):
    from tests.factories import UserFactory

    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get(reverse("admin:ai_generation_changelist"))
    assert response.status_code == 200 and "AI usage per shop" in response.content.decode()


def test_generation_waiting_too_long_says_the_worker_may_be_stopped(client_a, shop_a, product_a, offline_ai):
    import datetime

    from django.utils import timezone

    response = client_a.post(reverse("ai:generate", args=[product_a.public_id]), OPTIONS, **HTMX)
    assert "data-ai-stalled" not in response.content.decode()
    with tenant_context(shop_a.tenant):
        generation = Generation.objects.get()
        Generation.objects.filter(pk=generation.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=5))
    body = client_a.get(reverse("ai:generation", args=[generation.public_id]), **HTMX).content.decode()
    assert "data-ai-stalled" in body and 'hx-trigger="every 1s"' in body
