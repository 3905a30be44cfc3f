"""Selectors return an object or None; views turn None into 404 (catalog/shortcuts.py)."""

import uuid
from pathlib import Path

import pytest
from django.http import Http404

from catalog import selectors, shortcuts, trash

from .factories import ProductFactory

pytestmark = pytest.mark.django_db


def test_product_lookups_answer_none_for_an_unknown_or_malformed_id(in_shop_a):
    product = ProductFactory()
    assert selectors.product(product.public_id) == product
    assert selectors.product(uuid.uuid4()) is None
    assert selectors.product("not-a-uuid") is None
    assert selectors.product_by_sku("no-such-sku") is None
    assert selectors.photo("not-a-uuid") is None and selectors.photo_upload(uuid.uuid4()) is None


def test_a_deleted_product_is_found_only_when_asked_for(in_shop_a):
    product = ProductFactory()
    trash.soft_delete(selectors.by_public_ids([product.public_id]))
    assert selectors.product(product.public_id) is None
    assert selectors.product(product.public_id, include_deleted=True) == product


def test_the_views_lookup_turns_none_into_404(in_shop_a):
    with pytest.raises(Http404):
        shortcuts.get_product_or_404("not-a-uuid")
    with pytest.raises(Http404):
        shortcuts.get_product_by_sku_or_404("no-such-sku")


def test_no_selector_module_raises_http404():
    root = Path(__file__).resolve().parents[2]
    offenders = [
        str(path.relative_to(root))
        for path in root.glob("*/**/selectors.py")
        if ".venv" not in path.parts and ("Http404" in path.read_text() or "_or_404" in path.read_text())
    ]
    assert offenders == []
