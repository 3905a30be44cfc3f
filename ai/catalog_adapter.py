"""Between catalog and ai: product facts from a catalog product, and writing accepted text back
through catalog's services. The writers, provider, pipeline and cache take plain `ProductFacts` and
know nothing of catalog; only this module, the selectors and the page and API edges read it."""

import re

from catalog import extensions as catalog_extensions
from catalog import forms as catalog_forms
from catalog import pricing
from catalog import selectors as catalog_selectors
from catalog import services as catalog_services
from catalog.models import Product
from catalog.taxonomy import selectors as taxonomy
from catalog.taxonomy.models import Colour, Condition, Material

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


def get_product(public_id) -> Product | None:
    """A live product of the current shop, or None."""
    return catalog_selectors.product(public_id)


def get_product_by_sku(sku: str) -> Product | None:
    return catalog_selectors.product_by_sku(sku)


def products_by_ids(public_ids) -> dict:
    return {str(p.public_id): p for p in catalog_selectors.by_public_ids(public_ids)}


def write_text(product: Product, *, title: str, description: str) -> Product:
    """Accepted text goes into the product through catalog's own validation."""
    return catalog_services.update_product(product, {"title": title, "description": description})


def _named(queryset, names) -> list:
    wanted = {n.casefold() for n in names if n}
    return [obj for obj in queryset if obj.name_en.casefold() in wanted or (obj.name_fr or "").casefold() in wanted]


def form_initial(proposal: dict) -> dict:
    """Product form values from a photo proposal: only values the reference lists hold (a live
    leaf category, a size of that category, listed colours, materials and condition)."""
    initial = {"title": proposal["title"][:100], "description": proposal["description"]}
    category = None
    if proposal.get("category_id"):
        category = taxonomy.leaf_categories().filter(pk=proposal["category_id"]).first()
    if category is not None:
        initial["category"] = category.pk
        size = proposal["size"]["value"]
        if size:
            found = _named(taxonomy.sizes_for_category(category), [size])
            if found:
                initial["size"] = found[0].pk
    if proposal["brand"]["value"]:
        initial["brand_name"] = proposal["brand"]["value"][:120]
    condition = proposal["condition"]["value"]
    if condition:
        for candidate in Condition.objects.filter(is_active=True):
            if candidate.name_en.lower().replace(" ", "_") == condition:
                initial["condition"] = candidate.pk
    initial["colours"] = [c.pk for c in _named(Colour.objects.filter(is_active=True), proposal["colours"]["value"])][:2]
    initial["materials"] = [
        m.pk for m in _named(Material.objects.filter(is_active=True), proposal["materials"]["value"])
    ][:3]
    if proposal["flaws"]["value"]:
        initial["seller_notes"] = "\n".join(proposal["flaws"]["value"])
    return initial


def condition_label(pk) -> str:
    condition = Condition.objects.filter(pk=pk).first() if pk else None
    return condition.label if condition else ""


def category_advice(request, category) -> list:
    """What the marketplaces say about the category (conditions, package sizes), as the product form uses it."""
    return catalog_extensions.category_advice(request, category)


def chosen_category(data):
    return catalog_forms.chosen_category(data)


def category_of(pk):
    return taxonomy.leaf_categories().filter(pk=pk).first() if pk else None


PRICE_WINDOW_DAYS = pricing.WINDOW_DAYS


def suggest_price(*, category, brand: str, condition_id, currency: str):
    condition = Condition.objects.filter(pk=condition_id).first() if condition_id else None
    return pricing.suggest_price(category=category, brand=brand, condition=condition, currency=currency)


def create_product(tenant, data: dict, photos: list[bytes]) -> Product:
    return catalog_services.create_product(tenant, data, photos=photos)
