"""Writes to the shared taxonomy: a marketplace's tree merged into Stoflow's categories.

Marketplace-neutral: a marketplace app (vinted today) reads its own reference data and hands the
nodes here as plain values; categories are matched on `external_ids[marketplace]`, created when
new, renamed and moved when the marketplace renamed or moved them, and mapped per site
(`CategoryMapping`). A node missing from the new tree is retired on that site, never deleted.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from .matching import normalise
from .models import Category, CategoryMapping, Size, SizeGroup


@dataclass(frozen=True)
class ExternalCategory:
    external_id: int
    parent_external_id: int | None
    name_en: str
    name_fr: str
    is_leaf: bool
    position: int = 0
    size_group_ids: tuple = ()


@dataclass(frozen=True)
class ExternalSizeGroup:
    external_id: int
    name: str
    sizes: tuple = ()  # ((external id, name), ...) in order


@dataclass
class SyncResult:
    created: int = 0
    updated: int = 0
    retired: int = 0
    restored: int = 0
    unchanged: int = 0
    details: dict = field(default_factory=dict)


def _by_external_id(model, marketplace: str) -> dict:
    found = {}
    for obj in model.objects.filter(external_ids__has_key=marketplace).order_by("pk"):
        found.setdefault(int(obj.external_ids[marketplace]), obj)
    return found


def _sync_size_groups(marketplace: str, groups) -> dict[int, SizeGroup]:
    known = _by_external_id(SizeGroup, marketplace)
    sizes = _by_external_id(Size, marketplace)
    for group in groups:
        row = known.get(group.external_id)
        if row is None:
            row = known[group.external_id] = SizeGroup.objects.create(
                name_en=group.name[:120], external_ids={marketplace: group.external_id}, position=group.external_id
            )
        new = [
            Size(group=row, name_en=name[:120], external_ids={marketplace: sid}, position=position)
            for position, (sid, name) in enumerate(group.sizes)
            if sid not in sizes
        ]
        for size in Size.objects.bulk_create(new):
            sizes[int(size.external_ids[marketplace])] = size
    return known


@transaction.atomic
def sync_marketplace_tree(
    marketplace: str, site: str, categories: list[ExternalCategory], size_groups: list[ExternalSizeGroup] = ()
) -> SyncResult:
    """Merge one site's tree (parents before children) into the categories; see the module doc."""
    now = timezone.now()
    result = SyncResult()
    groups = _sync_size_groups(marketplace, size_groups)
    known = _by_external_id(Category, marketplace)
    new = [
        Category(
            name_en=node.name_en[:120],
            name_fr=node.name_fr[:120],
            is_leaf=node.is_leaf,
            position=node.position,
            external_ids={marketplace: node.external_id},
        )
        for node in categories
        if node.external_id not in known
    ]
    for category in Category.objects.bulk_create(new):
        known[int(category.external_ids[marketplace])] = category
    result.created = len(new)
    created_ids = {c.pk for c in new}

    changed = []
    for node in categories:
        category = known[node.external_id]
        parent = known.get(node.parent_external_id) if node.parent_external_id is not None else None
        wanted = {
            "name_en": node.name_en[:120],
            "name_fr": node.name_fr[:120],
            "is_leaf": node.is_leaf,
            "position": node.position,
            "parent_id": parent.pk if parent else None,
            "is_active": True,
        }
        if any(getattr(category, name) != value for name, value in wanted.items()):
            for name, value in wanted.items():
                setattr(category, name, value)
            changed.append(category)
    Category.objects.bulk_update(changed, ["name_en", "name_fr", "is_leaf", "position", "parent", "is_active"])
    result.updated = len([c for c in changed if c.pk not in created_ids])

    _sync_category_size_groups(marketplace, categories, known, groups)
    _sync_mappings(marketplace, site, categories, known, now, result)
    refresh_search_text()
    return result


def _sync_category_size_groups(marketplace, categories, known, groups) -> None:
    through = Category.size_groups.through
    wanted = {(known[n.external_id].pk, groups[g].pk) for n in categories for g in n.size_group_ids if g in groups}
    ids = [known[n.external_id].pk for n in categories]
    present = set(through.objects.filter(category_id__in=ids).values_list("category_id", "sizegroup_id"))
    marketplace_groups = {g.pk for g in groups.values()}
    # Only this marketplace's groups are managed here; a group staff added by hand stays.
    stale = [pair for pair in present - wanted if pair[1] in marketplace_groups]
    for category_id, group_id in stale:
        through.objects.filter(category_id=category_id, sizegroup_id=group_id).delete()
    through.objects.bulk_create([through(category_id=c, sizegroup_id=g) for c, g in wanted - present])


def _sync_mappings(marketplace, site, categories, known, now, result) -> None:
    existing = {m.category_id: m for m in CategoryMapping.objects.filter(marketplace=marketplace, site=site)}
    fresh, changed = [], []
    seen = set()
    for node in categories:
        category = known[node.external_id]
        seen.add(category.pk)
        mapping = existing.get(category.pk)
        if mapping is None:
            fresh.append(
                CategoryMapping(category=category, marketplace=marketplace, site=site, external_id=node.external_id)
            )
        elif mapping.retired_at is not None or mapping.external_id != node.external_id:
            result.restored += mapping.retired_at is not None
            mapping.retired_at, mapping.external_id = None, node.external_id
            changed.append(mapping)
    for category_id, mapping in existing.items():
        if category_id not in seen and mapping.retired_at is None:
            mapping.retired_at = now
            changed.append(mapping)
            result.retired += 1
    CategoryMapping.objects.bulk_create(fresh)
    CategoryMapping.objects.bulk_update(changed, ["retired_at", "external_id", "updated_at"])
    # A category every site of every marketplace has retired is no longer offered to sellers.
    gone = (
        Category.objects.filter(mappings__retired_at__isnull=False, is_active=True)
        .exclude(mappings__retired_at__isnull=True)
        .distinct()
    )
    gone.update(is_active=False)


def refresh_search_text() -> int:
    """Recompute every category's breadcrumbs and search text (a few thousand rows, one pass)."""
    rows = {
        c.pk: c
        for c in Category.objects.only("pk", "parent_id", "name_en", "name_fr", "search_text", "path_en", "path_fr")
    }

    def path(category, attr):
        parts, node, seen = [], category, set()
        while node is not None and node.pk not in seen:
            seen.add(node.pk)
            parts.append(getattr(node, attr) or node.name_en)
            node = rows.get(node.parent_id)
        return " › ".join(reversed(parts))

    changed = []
    for category in rows.values():
        path_en, path_fr = path(category, "name_en")[:600], path(category, "name_fr")[:600]
        text = normalise(path_en + " | " + path_fr)
        if (text, path_en, path_fr) != (category.search_text, category.path_en, category.path_fr):
            category.search_text, category.path_en, category.path_fr = text, path_en, path_fr
            changed.append(category)
    Category.objects.bulk_update(changed, ["search_text", "path_en", "path_fr"], batch_size=1000)
    return len(changed)
