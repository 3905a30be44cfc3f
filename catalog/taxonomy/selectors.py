"""Reads of the shared taxonomy, including marketplace id mapping both ways."""
from django.db import models

from .models import Brand, Category, Size


def external_id(obj, marketplace: str = "vinted") -> int | None:
    if obj is None:
        return None
    value = (obj.external_ids or {}).get(marketplace)
    return int(value) if value is not None else None


def by_external_id(model: type[models.Model], marketplace: str, external_id: int):
    """The taxonomy value a marketplace calls `external_id`, or None."""
    return model.objects.filter(external_ids__contains={marketplace: int(external_id)}).first()


def leaf_categories():
    return Category.objects.filter(is_leaf=True, is_active=True).select_related("parent__parent__parent")


def sizes_for_category(category: Category | None):
    if category is None:
        return Size.objects.none()
    return Size.objects.filter(group__categories=category, is_active=True).select_related("group") \
        .order_by("group__position", "position", "pk")


def search_brands(text: str, limit: int = 10):
    text = (text or "").strip()
    if not text:
        return Brand.objects.none()
    return Brand.objects.filter(name_en__icontains=text, is_active=True).order_by("name_en")[:limit]


def brand_named(name: str) -> Brand | None:
    name = (name or "").strip()
    if not name:
        return None
    return Brand.objects.filter(name_en__iexact=name).first()
