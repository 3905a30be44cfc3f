"""Reads of the ai app."""

import datetime
import hashlib
import uuid
from decimal import Decimal
from typing import Any

from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet, Sum

from catalog.taxonomy.models import Colour

from .models import Generation
from .photo_analysis import Palette, PaletteColour


def generation(public_id: uuid.UUID | str) -> Generation | None:
    """A generation of the current shop, or None (ids of other shops do not exist here)."""
    try:
        return Generation.objects.filter(public_id=public_id).first()
    except ValidationError:  # not a UUID
        return None


def recent(limit: int = 50) -> QuerySet[Generation]:
    return Generation.objects.order_by("-created_at")[:limit]


def latest_for_product(product_public_id: uuid.UUID | str, limit: int = 5) -> QuerySet[Generation]:
    return Generation.objects.filter(product_public_id=product_public_id).order_by("-created_at")[:limit]


def batch(batch_id: uuid.UUID | str) -> QuerySet[Generation]:
    return Generation.objects.filter(batch_id=batch_id).order_by("created_at")


def usage(since: datetime.datetime | None = None) -> dict[str, Any]:
    """Totals for the usage page: generations, cache hit rate, tokens, cost and cost saved."""
    rows = Generation.objects.all()
    if since is not None:
        rows = rows.filter(created_at__gte=since)
    done = Q(status=Generation.Status.SUCCEEDED)
    totals = rows.aggregate(
        total=Count("id"),
        succeeded=Count("id", filter=done),
        failed=Count("id", filter=Q(status="failed")),
        hits=Count("id", filter=done & Q(cached=True)),
        upstream=Count("id", filter=done & Q(cached=False, provider=Generation.Provider.OPENAI)),
        offline=Count("id", filter=done & Q(provider=Generation.Provider.OFFLINE)),
        tokens_in=Sum("tokens_in"),
        tokens_out=Sum("tokens_out"),
        cost=Sum("cost_eur"),
        saved=Sum("saved_cost_eur"),
        accepted=Count("id", filter=Q(accepted_at__isnull=False)),
    )
    ai_answers = totals["hits"] + totals["upstream"]
    return {
        **totals,
        "tokens_in": totals["tokens_in"] or 0,
        "tokens_out": totals["tokens_out"] or 0,
        "cost": totals["cost"] or Decimal("0"),
        "saved": totals["saved"] or Decimal("0"),
        "hit_rate": (totals["hits"] / ai_answers * 100) if ai_answers else None,
    }


def usage_by_shop(since: datetime.datetime | None) -> list[dict[str, Any]]:
    """Staff view: this period's AI usage of every shop, read in each shop's schema in turn."""
    from django_tenants.utils import schema_context

    from tenants import quotas
    from tenants.models import Tenant

    rows = []
    for tenant in Tenant.objects.shops().select_related("tier").order_by("name"):
        with schema_context(tenant.schema_name):
            figures = usage(since=since)
        rows.append(
            {
                "tenant": tenant,
                **figures,
                "credits_used": quotas.ai_credits_used(tenant),
                "credits_per_month": quotas.ai_credits_per_month(tenant),
            }
        )
    return rows


PALETTE_CACHE_SECONDS = 300  # the reference list changes with a taxonomy refresh, a few times a year
PALETTE_CACHE_KEY = "ai:palette"  # in caches["shared"]


def marketplace_palette() -> Palette:
    """The active colours of the reference list that have a hex value (Multi and Clear have none)."""

    def build() -> list[PaletteColour]:
        return [
            PaletteColour(name, hex_)
            for name, hex_ in Colour.objects.filter(is_active=True).exclude(hex="").values_list("name_en", "hex")
        ]

    colours: list[PaletteColour] = caches["shared"].get_or_set(PALETTE_CACHE_KEY, build, PALETTE_CACHE_SECONDS) or []
    return Palette(colours)


def category_shortlist(hint: str = "", limit: int = 60) -> list[tuple[int, str]]:
    """(id, English path) of live leaves the photo model may choose from: the ones matching the
    seller's hint, then the shop's most used, then the rest of the tree in path order. Cached
    under the shop's catalog version (a product write starts a new one) for two minutes."""
    from catalog.cache import cached

    shortlist: list[tuple[int, str]] = cached(
        shortlist_cache_name(hint, limit), lambda: _category_shortlist(hint, limit)
    )
    return shortlist


def shortlist_cache_name(hint: str, limit: int = 60) -> str:
    """The name `category_shortlist` is cached under (catalog.cache.key gives it per version)."""
    return f"ai-shortlist:{limit}:{hashlib.sha256(hint.strip().casefold().encode()).hexdigest()[:16]}"


def _category_shortlist(hint: str, limit: int) -> list[tuple[int, str]]:
    from catalog.models import Product
    from catalog.taxonomy.selectors import leaf_categories, search_categories

    chosen = {c.pk: c.path_en or c.name_en for c in search_categories(hint, limit)} if hint else {}
    used = list(
        Product.objects.exclude(category=None)
        .values("category")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list("category", flat=True)[:limit]
    )
    leaves = leaf_categories().values_list("pk", "path_en", "name_en")
    for pk, path, name in leaves.filter(pk__in=used):
        if len(chosen) < limit:
            chosen.setdefault(pk, path or name)
    if len(chosen) < limit:
        for pk, path, name in leaves.exclude(pk__in=list(chosen)).order_by("path_en")[: limit - len(chosen)]:
            chosen[pk] = path or name
    return list(chosen.items())
