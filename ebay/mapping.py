"""A Stoflow product as eBay wants it on one marketplace: category, aspects, condition, price; pre-flight.

The eBay leaf category of a Stoflow category comes from the Taxonomy API's suggestions and is kept per
Stoflow category × department × marketplace (`CategoryChoice`), with the aspects and conditions eBay
names for it; the seller may choose another leaf. Aspect names are localized per marketplace (ebay-api
§6), so each is recognised by its name in any of the five languages and filled from the product.
Pre-flight says, in the seller's words, what eBay would refuse, before anything is sent.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.utils.html import escape, linebreaks
from django.utils.translation import gettext_lazy as _

from channels import pricing

from .client import EbayClient, Kind
from .models import CategoryChoice, EbayAccount, PricingRule

TITLE_MAX = 80  # product.title (ebay-api §4.2)
PICTURES_MAX = 24

# Aspect names as eBay's trees name them in English, French, German, Italian and Spanish.
ASPECT_KINDS = {
    "brand": {"Brand", "Marque", "Marke", "Marca"},
    "size": {"Size", "Taille", "Größe", "Taglia", "Talla"},
    "shoe_size": {"EU Shoe Size", "Pointure", "EU-Schuhgröße", "Numero di scarpa EU", "Número de calzado EU"},
    "size_type": {"Size Type", "Type de taille", "Größentyp", "Tipo di taglia", "Tipo de talla"},
    "colour": {"Colour", "Color", "Couleur", "Farbe", "Colore"},
    "department": {"Department", "Département", "Abteilung", "Reparto", "Departamento"},
    "type": {"Type", "Produktart", "Tipo"},
    "material": {"Material", "Matière", "Materiale"},
}
DEPARTMENT_VALUES = {
    "women": {"Women", "Femme", "Damen", "Donna", "Mujer"},
    "men": {"Men", "Homme", "Herren", "Uomo", "Hombre"},
}
UNFILLABLE = _(
    "eBay requires “%(name)s” in this category, which Stoflow cannot fill yet: choose another eBay category."
)
MISSING_ASPECT = {
    "brand": ("brand_name", _("Add a brand: eBay requires one in this category.")),
    "size": ("size", _("Choose a size: eBay requires one in this category.")),
    "shoe_size": ("size", _("Choose a shoe size: eBay requires one in this category.")),
    "colour": ("colours", _("Choose at least one colour: eBay requires it in this category.")),
    "department": ("gender", _("Choose women or men: eBay files this category under a department.")),
    "material": ("materials", _("Choose a material: eBay requires it in this category.")),
}
# Stoflow's conditions (by English name) → eBay's condition enum for clothing (ebay-api §4.3).
CONDITIONS = {
    "New with tags": "NEW",
    "New without tags": "NEW_OTHER",
    "Very good": "PRE_OWNED_EXCELLENT",
    "Good": "USED_EXCELLENT",  # "Pre-owned – Good" in clothing categories
    "Satisfactory": "PRE_OWNED_FAIR",
}
CONDITION_IDS = {
    "NEW": "1000",
    "NEW_OTHER": "1500",
    "NEW_WITH_DEFECTS": "1750",
    "PRE_OWNED_EXCELLENT": "2990",
    "USED_EXCELLENT": "3000",
    "PRE_OWNED_FAIR": "3010",
}


@dataclass(frozen=True)
class Problem:
    field: str  # the product field to fix ("" when the fix is elsewhere)
    message: str


@dataclass
class Mapped:
    """What eBay gets for one product on one account, and what still stops it."""

    problems: list[Problem] = field(default_factory=list)
    choice: CategoryChoice | None = None
    condition: str = ""
    price: Decimal | None = None
    currency: str = ""
    quantity: int = 0
    aspects: dict = field(default_factory=dict)

    @property
    def ready(self) -> bool:
        return not self.problems


def pricing_rule() -> PricingRule:
    return PricingRule.objects.order_by("pk").first() or PricingRule()


def shop_currency() -> str:
    return getattr(connection.tenant, "currency", "") or "EUR"


def price_for(product, account: EbayAccount) -> tuple[Decimal, str]:
    rule = pricing_rule()
    value = pricing.apply(
        product.price, markup_percent=rule.markup_percent, rounding=rule.rounding, floor_price=rule.floor_price
    )
    return value, shop_currency()


def condition_of(product) -> str:
    if product.condition is None:
        return ""
    return (product.condition.external_ids or {}).get("ebay") or CONDITIONS.get(product.condition.name_en, "")


def gender_of(product) -> str:
    if product.gender in ("women", "men"):
        return product.gender
    if product.category_id and product.category is not None:
        root = product.category.path_en.split(" › ", 1)[0].strip().lower()
        return {"women": "women", "men": "men"}.get(root, "")
    return ""


def _query(product) -> str:
    category = product.category
    words = (category.path_en or category.name_en).replace("›", " ").replace("&", " ")
    gender = gender_of(product)
    return f"{gender} {words}".strip() if gender and gender not in words.lower() else words


def _aspects_of(answer: dict) -> list[dict]:
    found = []
    for aspect in answer.get("aspects") or []:
        constraint = aspect.get("aspectConstraint") or {}
        found.append(
            {
                "name": aspect.get("localizedAspectName", ""),
                "required": bool(constraint.get("aspectRequired")),
                "mode": constraint.get("aspectMode", "FREE_TEXT"),
                "multi": constraint.get("itemToAspectCardinality") == "MULTI",
                "values": [v.get("localizedValue", "") for v in aspect.get("aspectValues") or []][:50],
            }
        )
    return found


class TaxonomyUnavailable(Exception):
    """eBay's Taxonomy API did not answer (or the account cannot call it now)."""

    def __init__(self, outcome):
        super().__init__(outcome.kind.value)
        self.outcome = outcome


def _tree_id(client: EbayClient) -> str:
    outcome = client.default_category_tree()
    if not outcome.ok:
        raise TaxonomyUnavailable(outcome)
    return str(outcome.data.get("categoryTreeId", ""))


def describe_leaf(client: EbayClient, tree_id: str, category_id: str) -> tuple[list, list] | None:
    """(aspects, allowed condition ids) of a leaf, or None when eBay says it is not a leaf of the tree."""
    outcome = client.item_aspects(tree_id, category_id)
    if outcome.kind is Kind.VALIDATION or outcome.kind is Kind.NOT_FOUND:
        return None
    if not outcome.ok:
        raise TaxonomyUnavailable(outcome)
    conditions = []
    policies = client.condition_policies(category_id)
    if policies.ok:
        for policy in policies.data.get("itemConditionPolicies") or []:
            conditions += [str(c.get("conditionId")) for c in policy.get("itemConditions") or []]
    return _aspects_of(outcome.data), conditions


def category_choice(product, account: EbayAccount, client: EbayClient | None = None) -> CategoryChoice | None:
    """The stored choice for the product's category on the account's marketplace, else eBay's first
    suggestion, stored. None when eBay suggests nothing. Raises TaxonomyUnavailable."""
    if product.category_id is None:
        return None
    gender = gender_of(product)
    existing = CategoryChoice.objects.filter(
        category_id=product.category_id, gender=gender, marketplace_id=account.marketplace_id
    ).first()
    if existing is not None:
        return existing
    client = client or EbayClient(account)
    tree_id = _tree_id(client)
    outcome = client.category_suggestions(tree_id, _query(product))
    if outcome.status == 204 or (outcome.ok and not (outcome.data or {}).get("categorySuggestions")):
        return None
    if not outcome.ok:
        raise TaxonomyUnavailable(outcome)
    best = outcome.data["categorySuggestions"][0]["category"]
    described = describe_leaf(client, tree_id, str(best["categoryId"]))
    if described is None:
        return None
    aspects, conditions = described
    choice, _created = CategoryChoice.objects.update_or_create(
        category_id=product.category_id,
        gender=gender,
        marketplace_id=account.marketplace_id,
        defaults={
            "ebay_category_id": str(best["categoryId"]),
            "ebay_category_name": best.get("categoryName", "")[:300],
            "tree_id": tree_id,
            "aspects": aspects,
            "conditions": conditions,
        },
    )
    return choice


def choose_category(choice: CategoryChoice, account: EbayAccount, ebay_category_id: str) -> bool:
    """The seller's own leaf for a choice; False when eBay says it is not a leaf of the marketplace's tree."""
    client = EbayClient(account)
    tree_id = choice.tree_id or _tree_id(client)
    described = describe_leaf(client, tree_id, ebay_category_id)
    if described is None:
        return False
    choice.aspects, choice.conditions = described
    choice.ebay_category_id, choice.tree_id, choice.chosen_by_seller = ebay_category_id, tree_id, True
    choice.ebay_category_name = ""
    choice.save()
    return True


def _kind(name: str) -> str:
    return next((kind for kind, names in ASPECT_KINDS.items() if name in names), "")


def _localized(value, language: str) -> str:
    return (value.name_fr or value.name_en) if language.startswith("fr") else value.name_en


def aspects_for(product, choice: CategoryChoice, language: str) -> tuple[dict, list[Problem]]:
    """The aspects eBay asks for in the category, filled from the product, and the required ones missing."""
    values, problems = {}, []
    gender = gender_of(product)
    for aspect in choice.aspects:
        kind, name, offered = _kind(aspect["name"]), aspect["name"], aspect["values"]
        found: list[str] = []
        if kind == "brand" and product.brand_name:
            found = [product.brand_name[:65]]
        elif kind in ("size", "shoe_size") and product.size_id:
            found = [product.size.name_en[:65]]
        elif kind == "colour":
            found = [_localized(c, language)[:65] for c in product.colours.all()]
        elif kind == "material":
            found = [_localized(m, language)[:65] for m in product.materials.all()]
        elif kind == "department" and gender:
            found = [v for v in offered if v in DEPARTMENT_VALUES[gender]][:1]
        elif kind in ("size_type", "type") and offered:
            # Stoflow has no petite/plus sizes and files the type under its category: eBay's first value.
            found = offered[:1]
        if found and not aspect["multi"]:
            found = found[:1]
        if found:
            values[name] = found
        elif aspect["required"]:
            target, message = MISSING_ASPECT.get(
                kind,
                (
                    "",
                    UNFILLABLE,
                ),
            )
            problems.append(Problem(target, message % {"name": name} if "%(name)s" in str(message) else message))
    return values, problems


def map_product(product, account: EbayAccount, client: EbayClient | None = None) -> Mapped:
    """Everything eBay needs from the product on this account, and pre-flight's problems (may call the
    Taxonomy API the first time a category is seen; raises TaxonomyUnavailable when it cannot answer)."""
    mapped = Mapped()
    problems = mapped.problems
    if account.status != EbayAccount.Status.CONNECTED:
        problems.append(Problem("account", _("Reconnect this eBay account first.")))
    elif not account.setup_done:
        problems.append(
            Problem(
                "account",
                _(
                    "Finish this eBay account's set-up first: shipping, payment and return policies, "
                    "and where you ship from."
                ),
            )
        )
    if not product.photos.exists():
        problems.append(Problem("photos", _("Add at least one photo.")))
    if not product.title.strip():
        problems.append(Problem("title", _("Add a title.")))
    elif len(product.title) > TITLE_MAX:
        problems.append(
            Problem("title", _("Shorten the title to 80 characters: eBay cuts nothing and refuses longer ones."))
        )
    if not product.description.strip():
        problems.append(Problem("description", _("Add a description.")))
    mapped.condition = condition_of(product)
    if product.condition_id is None:
        problems.append(Problem("condition", _("Choose a condition.")))
    elif not mapped.condition:
        problems.append(Problem("condition", _("eBay takes no clothing in this condition.")))
    mapped.quantity = product.stock
    if product.stock < 1:
        problems.append(Problem("stock", _("The stock is 0: there is nothing to sell.")))
    mapped.price, mapped.currency = price_for(product, account)
    if mapped.price <= 0:
        problems.append(Problem("price", _("Set a price above zero.")))
    if mapped.currency != account.marketplace.currency:
        problems.append(
            Problem(
                "price",
                _(
                    "Your prices are in %(ours)s and %(site)s sells in %(theirs)s: Stoflow does not convert them. "
                    "Connect an eBay site in %(ours)s."
                )
                % {"ours": mapped.currency, "site": account.marketplace.site, "theirs": account.marketplace.currency},
            )
        )
    if product.category_id is None:
        problems.append(Problem("category", _("Choose a category.")))
        return mapped
    mapped.choice = category_choice(product, account, client)
    if mapped.choice is None:
        problems.append(
            Problem("category", _("eBay suggests no category for this one: choose the eBay category yourself."))
        )
        return mapped
    if (
        mapped.condition
        and mapped.choice.conditions
        and CONDITION_IDS.get(mapped.condition) not in mapped.choice.conditions
    ):
        problems.append(Problem("condition", _("eBay does not allow this condition in this category.")))
    mapped.aspects, missing = aspects_for(product, mapped.choice, account.marketplace.content_language)
    problems.extend(missing)
    return mapped


def inventory_item(product, mapped: Mapped, image_urls: list[str]) -> dict:
    """The inventory item body (a full replacement: everything eBay should keep is in it)."""
    return {
        "availability": {"shipToLocationAvailability": {"quantity": mapped.quantity}},
        "condition": mapped.condition,
        "product": {
            "title": product.title[:TITLE_MAX],
            "description": description_html(product),
            "aspects": mapped.aspects,
            "imageUrls": image_urls[:PICTURES_MAX],
        },
    }


def description_html(product) -> str:
    return linebreaks(escape(product.description))


def offer(listing, mapped: Mapped, account: EbayAccount, policies: dict, location: str) -> dict:
    """The offer body (a full replacement)."""
    return {
        "sku": listing.sku,
        "marketplaceId": account.marketplace_id,
        "format": "FIXED_PRICE",
        "availableQuantity": mapped.quantity,
        "categoryId": mapped.choice.ebay_category_id,
        "listingDuration": "GTC",
        "listingDescription": description_html(listing.product),
        "listingPolicies": policies,
        "pricingSummary": {"price": {"value": f"{mapped.price:.2f}", "currency": mapped.currency}},
        "merchantLocationKey": location,
    }


def comparable(item: dict, offer_body: dict) -> dict:
    """What the seller can change in Stoflow, as sent: to tell what is out of date later."""
    product = item.get("product") or {}
    return {
        "title": product.get("title", ""),
        "description": product.get("description", ""),
        "aspects": product.get("aspects", {}),
        "condition": item.get("condition", ""),
        "quantity": offer_body.get("availableQuantity"),
        "price": offer_body.get("pricingSummary", {}).get("price", {}).get("value"),
        "category": offer_body.get("categoryId", ""),
    }


FIELD_LABELS = {
    "title": _("Title"),
    "description": _("Description"),
    "aspects": _("Item specifics"),
    "condition": _("Condition"),
    "quantity": _("Quantity"),
    "price": _("Price"),
    "category": _("Category"),
}


def out_of_date(listing, product, account) -> list[str]:
    """Labels of what differs between the live listing and what an update would send now (no request:
    a category never seen is not compared)."""
    if not listing.is_live or not listing.sent:
        return []
    choice = CategoryChoice.objects.filter(
        category_id=product.category_id, gender=gender_of(product), marketplace_id=account.marketplace_id
    ).first()
    if choice is None:
        return []
    mapped = Mapped(choice=choice, condition=condition_of(product), quantity=product.stock)
    mapped.price, mapped.currency = price_for(product, account)
    mapped.aspects, _missing = aspects_for(product, choice, account.marketplace.content_language)
    now = comparable(
        inventory_item(product, mapped, []),
        {
            "availableQuantity": mapped.quantity,
            "categoryId": choice.ebay_category_id,
            "pricingSummary": {"price": {"value": f"{mapped.price:.2f}"}},
        },
    )
    return [str(FIELD_LABELS[k]) for k in FIELD_LABELS if now.get(k) != listing.sent.get(k)]
