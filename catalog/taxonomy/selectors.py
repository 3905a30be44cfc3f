"""Reads of the shared taxonomy, including marketplace id mapping both ways."""

from typing import TypeVar

from django.db.models import QuerySet

from .matching import normalise
from .models import Brand, Category, Size, TaxonomyValue

T = TypeVar("T", bound=TaxonomyValue)


def external_id(obj: TaxonomyValue | None, marketplace: str = "vinted") -> int | None:
    if obj is None:
        return None
    value = (obj.external_ids or {}).get(marketplace)
    return int(value) if value is not None else None


def by_external_id(model: type[T], marketplace: str, external_id: int) -> T | None:
    """The taxonomy value a marketplace calls `external_id`, or None."""
    return model._default_manager.filter(external_ids__contains={marketplace: int(external_id)}).first()


def leaf_categories() -> QuerySet[Category]:
    return Category.objects.filter(is_leaf=True, is_active=True).select_related("parent__parent__parent")


def sizes_for_category(category: Category | None) -> QuerySet[Size]:
    if category is None:
        return Size.objects.none()
    return (
        Size.objects.filter(group__categories=category, is_active=True)
        .select_related("group")
        .order_by("group__position", "position", "pk")
    )


def search_categories(text: str, limit: int = 20) -> list[Category]:
    """Active leaves whose English or French path holds every typed word (accents, case and
    punctuation ignored); leaves whose own name matches come first, then by path."""
    words = normalise(text).split()
    if not words:
        return []
    queryset = Category.objects.filter(is_leaf=True, is_active=True)
    for word in words[:6]:
        queryset = queryset.filter(search_text__contains=word)
    rows = list(queryset.only("pk", "name_en", "name_fr", "path_en", "path_fr", "search_text")[:300])

    def rank(category: Category) -> tuple[bool, bool, str]:
        own = normalise(category.name_en) + " " + normalise(category.name_fr)
        return (not all(w in own for w in words), not own.startswith(words[0]), category.search_text)

    return sorted(rows, key=rank)[:limit]


def search_brands(text: str, limit: int = 10) -> QuerySet[Brand]:
    text = (text or "").strip()
    if not text:
        return Brand.objects.none()
    return Brand.objects.filter(name_en__icontains=text, is_active=True).order_by("name_en")[:limit]


def brand_named(name: str) -> Brand | None:
    name = (name or "").strip()
    if not name:
        return None
    return Brand.objects.filter(name_en__iexact=name).first()
