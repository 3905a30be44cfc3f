"""Bulk AI descriptions: one "save all" puts every written text into its product."""

import uuid

from django.urls import reverse
from django.utils import timezone
from django_tenants.utils import tenant_context

from ai import services
from ai.facts import ProductFacts
from ai.models import Generation
from ai.options import GenerationOptions
from catalog.models import Product
from catalog.tests.factories import ProductFactory


def _written(product, batch_id, title, **fields):
    generation = services.request_generation(
        ProductFacts(title=product.title, public_id=str(product.public_id)),
        GenerationOptions(),
        batch_id=batch_id,
        enqueue=False,
    )
    Generation.objects.filter(pk=generation.pk).update(
        status=fields.pop("status", Generation.Status.SUCCEEDED),
        title=title,
        description=f"About {title}.",
        hashtags=[],
        **fields,
    )
    return generation


def test_batch_page_offers_save_all_for_the_written_texts(client_a, shop_a):
    batch_id = uuid.uuid4()
    with tenant_context(shop_a.tenant):
        _written(ProductFactory(), batch_id, "First")
        _written(ProductFactory(), batch_id, "Second")
    body = client_a.get(reverse("ai:batch", args=[batch_id])).content.decode()
    assert "data-save-all" in body and "Save all 2 texts" in body


def test_save_all_writes_every_finished_text_into_its_product_and_skips_the_rest(client_a, shop_a):
    batch_id = uuid.uuid4()
    with tenant_context(shop_a.tenant):
        first, second, pending, saved = (ProductFactory() for _ in range(4))
        _written(first, batch_id, "Robe fleurie")
        _written(second, batch_id, "Jean brut")
        _written(pending, batch_id, "Not yet", status=Generation.Status.RUNNING)
        _written(saved, batch_id, "Saved earlier", accepted_at=timezone.now())
    response = client_a.post(reverse("ai:batch_accept", args=[batch_id]), follow=True)
    assert "2 texts saved in their products." in response.content.decode()
    with tenant_context(shop_a.tenant):
        titles = dict(Product.objects.values_list("pk", "title"))
        assert titles[first.pk] == "Robe fleurie" and titles[second.pk] == "Jean brut"
        assert titles[pending.pk] == pending.title and titles[saved.pk] == saved.title
        assert Generation.objects.filter(batch_id=batch_id, accepted_at__isnull=False).count() == 3
