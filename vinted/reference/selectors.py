"""Reads of the stored reference data. Until a site has a snapshot, callers fall back to the built-in
fixture (the taxonomy seeded from docs/vinted-api.md §8) and say so: `rules_for` answers None then."""

from dataclasses import dataclass

from catalog.taxonomy.matching import normalise

from .models import CatalogNode, ReferenceBrand, SiteReference

FIXTURE = "fixture"
LIVE = "live"


@dataclass(frozen=True)
class LeafRules:
    """What the site's live tree says about one category id."""

    vinted_id: int
    exists: bool  # in the stored tree at all (retired or not)
    retired: bool
    is_leaf: bool
    path: str
    size_group_ids: tuple
    size_ids: frozenset
    condition_ids: tuple
    package_size_ids: tuple
    required: frozenset  # attribute codes the category requires (brand, color, material, size…)
    restricted_to_status_id: int | None

    @property
    def allowed_condition_ids(self) -> tuple:
        return (self.restricted_to_status_id,) if self.restricted_to_status_id else self.condition_ids


def snapshot(site_key: str) -> SiteReference | None:
    """The site's reference row when it holds a snapshot, else None (the fixture is in use)."""
    return SiteReference.objects.filter(site=site_key, fetched_at__isnull=False).first()


def source(site_key: str) -> str:
    return LIVE if snapshot(site_key) else FIXTURE


def rules_for(site_key: str, vinted_id: int | None, reference: SiteReference | None = None) -> LeafRules | None:
    reference = reference or snapshot(site_key)
    if reference is None:
        return None
    node = CatalogNode.objects.filter(site=site_key, vinted_id=vinted_id).first() if vinted_id else None
    if node is None:
        return LeafRules(vinted_id or 0, False, False, False, "", (), frozenset(), (), (), frozenset(), None)
    groups = reference.size_groups or {}
    size_ids = frozenset(
        size["id"] for gid in node.size_group_ids for size in groups.get(str(gid), {}).get("sizes", [])
    )
    return LeafRules(
        node.vinted_id,
        True,
        node.is_retired,
        node.is_leaf,
        node.path_en,
        tuple(node.size_group_ids),
        size_ids,
        tuple(node.condition_ids),
        tuple(node.package_size_ids),
        frozenset(node.required_codes()),
        node.restricted_to_status_id,
    )


def search_brands(site_key: str, text: str, limit: int = 10) -> list[str]:
    """Brand titles of the site matching the typed text (case, accents and punctuation ignored):
    titles starting with it first (the prefix index), then titles containing it."""
    key = normalise(text)
    if not key:
        return []
    brands = ReferenceBrand.objects.filter(site=site_key)
    titles = list(brands.filter(key__startswith=key).order_by("key").values_list("title", flat=True)[:limit])
    if len(titles) < limit:
        titles += [
            t
            for t in brands.filter(key__contains=key)
            .exclude(key__startswith=key)
            .order_by("key")
            .values_list("title", flat=True)[: limit - len(titles)]
        ]
    return titles


def brand_by_name(site_key: str, name: str) -> tuple[int, str] | None:
    """(id, title) of the site's brand with this name (case, accents and punctuation ignored)."""
    key = normalise(name)
    if not key:
        return None
    return (
        ReferenceBrand.objects.filter(site=site_key, key=key).order_by("pk").values_list("vinted_id", "title").first()
    )


def sites_status() -> list[SiteReference]:
    return list(SiteReference.objects.all())
