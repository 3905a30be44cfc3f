"""The publish preview of one product on one account: what Vinted will receive, what blocks it.

Reads only: nothing here sends a request to Vinted (the brand lookup by name happens when the
job runs; the preview says so).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext as _

from catalog.models import Product
from catalog.taxonomy.selectors import external_id

from .. import domains, mapping
from ..jobs.selectors import publish_problems
from ..models import VintedAccount
from ..preflight import Problem

# Where the seller fixes each pre-flight problem: the product form's field, the photos, or the
# accounts page (pricing rule, connection).
_FORM_FIELDS = {
    "title": "title",
    "description": "description",
    "category": "category",
    "size": "size",
    "condition": "condition",
    "package_size": "package_size",
    "color": "colours",
    "material": "materials",
    "stock": "stock",
}


@dataclass(frozen=True)
class Fix:
    message: str
    url: str
    link_label: str


@dataclass(frozen=True)
class MappedField:
    label: str
    value: str
    vinted_id: str = ""  # "12", "12, 27", or "" when Vinted has no id for it
    note: str = ""


@dataclass
class ProductPreview:
    product: Product
    fixes: list[Fix]
    fields: list[MappedField]
    price: Decimal
    currency: str
    photos: list
    requests: int
    ai_writer: dict = field(default_factory=dict)

    @property
    def ready(self) -> bool:
        return not self.fixes


def fix_for(product: Product, problem: Problem) -> Fix:
    if problem.field == "photos":
        return Fix(
            problem.message, reverse("catalog:detail", args=[product.public_id]) + "#add-photos", _("Manage photos")
        )
    if problem.field == "price":
        # A zero price comes from the product's own price (the pricing rule only scales it).
        return Fix(
            problem.message, reverse("catalog:edit", args=[product.public_id]) + "#id_price", _("Edit the product")
        )
    if problem.field == "account":
        return Fix(problem.message, reverse("vinted:accounts"), _("Vinted accounts"))
    if problem.field == "listing":
        return Fix(
            problem.message,
            reverse("catalog:detail", args=[product.public_id]) + "#vinted-section-title",
            _("Update or repost it"),
        )
    anchor = f"#id_{_FORM_FIELDS[problem.field]}" if problem.field in _FORM_FIELDS else ""
    return Fix(problem.message, reverse("catalog:edit", args=[product.public_id]) + anchor, _("Edit the product"))


def _ids(values) -> str:
    return ", ".join(str(external_id(v)) for v in values if external_id(v) is not None)


def _brand(product: Product) -> MappedField:
    category_id = external_id(product.category) if product.category else None
    brand_id, name = mapping.resolve_brand(product, category_id, None)
    if brand_id == mapping.NO_BRAND_ID and not name:
        return MappedField(_("Brand"), _("No brand"), str(brand_id))
    if brand_id is None:
        return MappedField(_("Brand"), name, "", _("Looked up on Vinted by name when publishing."))
    return MappedField(_("Brand"), name, str(brand_id))


def mapped_fields(product: Product) -> list[MappedField]:
    colours = list(product.colours.order_by("position", "pk"))
    materials = list(product.materials.order_by("position", "pk"))
    dash = "—"
    return [
        MappedField(
            _("Category"),
            product.category.path() if product.category else dash,
            str(external_id(product.category) or ""),
        ),
        _brand(product),
        MappedField(_("Size"), product.size.label if product.size else dash, str(external_id(product.size) or "")),
        MappedField(
            _("Condition"),
            product.condition.label if product.condition else dash,
            str(external_id(product.condition) or ""),
        ),
        MappedField(_("Colours"), ", ".join(c.label for c in colours) or dash, _ids(colours)),
        MappedField(_("Materials"), ", ".join(m.label for m in materials) or dash, _ids(materials)),
        MappedField(
            _("Package size"),
            product.package_size.label if product.package_size else dash,
            str(external_id(product.package_size) or ""),
        ),
    ]


def currency_of(account: VintedAccount) -> str:
    try:
        return domains.site_for(account.domain).currency
    except domains.DomainNotAllowed:
        return ""


def product_preview(product: Product, account: VintedAccount, *, requests: int) -> ProductPreview:
    return ProductPreview(
        product=product,
        fixes=[fix_for(product, p) for p in publish_problems(product, account)],
        fields=mapped_fields(product),
        price=mapping.vinted_price(product),
        currency=currency_of(account),
        photos=list(product.photos.all()[:20]),
        requests=requests,
    )
