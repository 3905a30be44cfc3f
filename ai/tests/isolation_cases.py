"""Shop B asking for shop A's AI pages, generations and batches gets 404."""

import uuid

from ai import services
from ai.facts import ProductFacts
from ai.options import GenerationOptions
from catalog.tests.factories import ProductFactory
from tests.isolation import IsolationCase, register


def _product(shop_a):
    return {"product_id": ProductFactory().public_id}


def _generation(shop_a, batch_id=None):
    product = ProductFactory()
    return services.request_generation(
        ProductFacts(title=product.title, public_id=str(product.public_id)),
        GenerationOptions(),
        batch_id=batch_id,
        enqueue=False,
    )


def _generation_id(shop_a):
    return {"public_id": _generation(shop_a).public_id}


def _draft(shop_a):
    from django.db import connection

    from ai import photo_drafts

    from .photos import garment_photo

    draft = photo_drafts.create_draft(
        [garment_photo((200, 40, 30), size=(300, 400))], tenant=connection.tenant, language="en"
    )
    return {"draft_id": draft.id}


def _draft_photo(shop_a):
    return {**_draft(shop_a), "number": 1}


def _batch(shop_a):
    batch_id = uuid.uuid4()
    _generation(shop_a, batch_id)
    return {"batch_id": batch_id}


register(
    IsolationCase("ai:product", _product),
    IsolationCase(
        "ai:generate", _product, methods=("POST",), data={"ai-language": "fr", "ai-tone": "fun", "ai-length": "short"}
    ),
    IsolationCase("ai:generation", _generation_id),
    IsolationCase(
        "ai:accept", _generation_id, methods=("POST",), data={"ai-title": "taken over", "ai-description": "taken over"}
    ),
    IsolationCase("ai:batch", _batch),
    IsolationCase("ai:batch_accept", _batch, methods=("POST",)),
    IsolationCase("api-ai-generation", _generation_id, api=True),
    IsolationCase(
        "ai:photo_draft", _draft, methods=("GET", "POST"), data={"sku": "TAKEN-1", "title": "x", "price": "1"}
    ),
    IsolationCase("ai:photo_draft_photo", _draft_photo),
    IsolationCase("ai:photo_draft_discard", _draft, methods=("POST",)),
)
