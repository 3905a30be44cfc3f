"""Between catalog and ai: product facts from a catalog product, and writing accepted text back
through catalog's services. The writers, provider, pipeline and cache take plain `ProductFacts` and
know nothing of catalog; only this module, the selectors and the page and API edges read it."""

import re

from catalog import selectors as catalog_selectors
from catalog import services as catalog_services
from catalog.models import Product

from .facts import ProductFacts

# Sentences of the seller's notes that describe a flaw (the notes mix flaws and details).
FLAW_WORDS = re.compile(
    r"\b(stain|spot|hole|tear|torn|rip|flaw|defect|damage|worn|wear|pilling|bobbl|faded|fade|scratch|snag|"
    r"missing|broken|mark[s]? on|tache|trou|déchir|defaut|défaut|usure|usé|bouloch|décolor|delav|délav|"
    r"rayure|accroc|manque|cass|abîm|abim|fleck|loch|riss|fehlt|mancha|agujero|macchia|buco|vlek|gat|"
    r"plama|dziura)",
    re.IGNORECASE,
)


def _english_path(category) -> str:
    parts, node, seen = [], category, set()
    while node is not None and node.pk not in seen:
        seen.add(node.pk)
        parts.append(node.name_en)
        node = node.parent
    return " › ".join(reversed(parts))


def split_notes(notes: str) -> tuple[str, str]:
    """(flaws, details) from the seller's notes."""
    sentences = [s.strip() for s in re.split(r"(?<=[.!?;])\s+|\n+", notes or "") if s.strip()]
    flaws = [s for s in sentences if FLAW_WORDS.search(s)]
    details = [s for s in sentences if s not in flaws]
    return " ".join(flaws), " ".join(details)


def facts_from_product(product: Product) -> ProductFacts:
    # English taxonomy names: the facts (and the cache key) must not depend on the UI language.
    flaws, details = split_notes(product.seller_notes)
    measurements = ", ".join(
        f"{label} {value} cm" for label, value in (("length", product.length_cm), ("width", product.width_cm)) if value
    )
    return ProductFacts(
        public_id=str(product.public_id),
        title=product.title,
        brand=product.brand.name_en if product.brand_id else product.brand_name,
        category=_english_path(product.category) if product.category_id else "",
        size=product.size.name_en if product.size_id else "",
        colours=tuple(c.name_en for c in product.colours.all()),
        materials=tuple(m.name_en for m in product.materials.all()),
        condition=product.condition.name_en.lower().replace(" ", "_") if product.condition_id else "",
        gender=product.gender,
        measurements=measurements,
        flaws=flaws,
        details=details,
        tags=tuple(product.tags or ()),
    )


def get_product(public_id) -> Product:
    """A live product of the current shop, or 404."""
    return catalog_selectors.get_product(public_id)


def products_by_ids(public_ids) -> dict:
    return {str(p.public_id): p for p in catalog_selectors.by_public_ids(public_ids)}


def write_text(product: Product, *, title: str, description: str) -> Product:
    """Accepted text goes into the product through catalog's own validation."""
    return catalog_services.update_product(product, {"title": title, "description": description})
