"""Every reason a product cannot go to Vinted, listed before any request is sent."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from catalog.models import DESCRIPTION_MAX, MAX_COLOURS, MAX_MATERIALS, TITLE_MAX, Product
from catalog.services import NotPublishable, assert_publishable
from catalog.taxonomy.selectors import external_id

from . import domains, pricing
from .models import VintedAccount
from .reference import selectors as reference

VINTED_TITLE_MAX = 100
VINTED_DESCRIPTION_MAX = 2000
VINTED_PHOTOS_MAX = 20


@dataclass(frozen=True)
class Problem:
    field: str  # the Vinted/product field at fault: stock, photos, title, category, size...
    message: str


def _mostly_upper(title: str) -> bool:
    # Vinted rejects titles written mostly in capitals (docs/vinted-api.md §4.2).
    letters = [c for c in title if c.isalpha()]
    return len(letters) >= 6 and sum(c.isupper() for c in letters) / len(letters) > 0.7


def _text_problems(product: Product) -> list[Problem]:
    problems = []
    title = (product.title or "").strip()
    if not title:
        problems.append(Problem("title", _("Add a title.")))
    elif len(title) > min(TITLE_MAX, VINTED_TITLE_MAX):
        problems.append(
            Problem("title", _("Vinted titles have at most %(max)s characters.") % {"max": VINTED_TITLE_MAX})
        )
    elif _mostly_upper(title):
        problems.append(Problem("title", _("Vinted refuses titles written mostly in capitals.")))
    description = (product.description or "").strip()
    if not description:
        problems.append(Problem("description", _("Add a description: Vinted requires one.")))
    elif len(description) > min(DESCRIPTION_MAX, VINTED_DESCRIPTION_MAX):
        problems.append(
            Problem(
                "description",
                _("Vinted descriptions have at most %(max)s characters.") % {"max": VINTED_DESCRIPTION_MAX},
            )
        )
    return problems


RETIRED_CATEGORY = _("This category no longer exists on Vinted: choose another.")


def _live_problems(product: Product, rules: reference.LeafRules) -> list[Problem]:
    """The site's live tree: leaf, size groups, allowed conditions, package sizes, required attributes."""
    problems = []
    category = product.category
    if category is None:
        return [Problem("category", _("Choose a category."))]
    if not rules.exists:
        return [
            Problem(
                "category",
                _("The category “%(name)s” has no Vinted equivalent: choose a more precise one.")
                % {"name": category.label},
            )
        ]
    if rules.retired:
        return [Problem("category", RETIRED_CATEGORY)]
    if not rules.is_leaf:
        return [
            Problem(
                "category",
                _("The category “%(name)s” has no Vinted equivalent: choose a more precise one.")
                % {"name": category.label},
            )
        ]
    if rules.size_group_ids:
        if product.size is None:
            problems.append(Problem("size", _("This category needs a size.")))
        elif external_id(product.size) not in rules.size_ids:
            problems.append(
                Problem(
                    "size",
                    _("The size “%(size)s” does not belong to this category's sizes.") % {"size": product.size.label},
                )
            )
    status_id = external_id(product.condition)
    if status_id is None:
        problems.append(Problem("condition", _("Choose the item's condition.")))
    elif status_id not in rules.allowed_condition_ids:
        problems.append(
            Problem(
                "condition",
                _("Vinted does not accept the condition “%(condition)s” in this category.")
                % {"condition": product.condition.label},
            )
        )
    package_id = external_id(product.package_size)
    if package_id is None:
        problems.append(Problem("package_size", _("Choose a package size for shipping.")))
    elif rules.package_size_ids and package_id not in rules.package_size_ids:
        problems.append(
            Problem(
                "package_size",
                _("Vinted does not offer the package size “%(size)s” for this category.")
                % {"size": product.package_size.label},
            )
        )
    if "brand" in rules.required and not (product.brand_name or "").strip():
        problems.append(Problem("brand", _("Vinted requires a brand in this category.")))
    if "color" in rules.required and not product.colours.exists():
        problems.append(Problem("color", _("Vinted requires a colour in this category.")))
    if "material" in rules.required and not product.materials.exists():
        problems.append(Problem("material", _("Vinted requires a material in this category.")))
    return problems


def _common_problems(product: Product) -> list[Problem]:
    problems = []
    colours = list(product.colours.all())
    if len(colours) > MAX_COLOURS:
        problems.append(Problem("color", _("Vinted takes at most %(max)s colours.") % {"max": MAX_COLOURS}))
    if any(external_id(c) is None for c in colours):
        problems.append(Problem("color", _("A colour has no Vinted equivalent.")))
    materials = list(product.materials.all())
    if len(materials) > MAX_MATERIALS:
        problems.append(Problem("material", _("Vinted takes at most %(max)s materials.") % {"max": MAX_MATERIALS}))
    if any(external_id(m) is None for m in materials):
        problems.append(Problem("material", _("A material has no Vinted equivalent.")))
    return problems


def _taxonomy_problems(product: Product, site_key: str = "") -> list[Problem]:
    """The live rules of the account's site once it has a snapshot; the built-in fixture before."""
    rules = reference.rules_for(site_key, external_id(product.category)) if site_key else None
    if rules is not None:
        return _live_problems(product, rules) + _common_problems(product)
    return _fixture_problems(product) + _common_problems(product)


def _fixture_problems(product: Product) -> list[Problem]:
    problems = []
    category = product.category
    if category is None:
        problems.append(Problem("category", _("Choose a category.")))
    elif not category.is_leaf or external_id(category) is None:
        problems.append(
            Problem(
                "category",
                _("The category “%(name)s” has no Vinted equivalent: choose a more precise one.")
                % {"name": category.label},
            )
        )
    if category is not None:
        groups = list(category.size_groups.all())
        if groups:
            if product.size is None:
                problems.append(Problem("size", _("This category needs a size.")))
            elif product.size.group_id not in {g.pk for g in groups}:
                problems.append(
                    Problem(
                        "size",
                        _("The size “%(size)s” does not belong to this category's sizes.")
                        % {"size": product.size.label},
                    )
                )
            elif external_id(product.size) is None:
                problems.append(
                    Problem("size", _("The size “%(size)s” has no Vinted equivalent.") % {"size": product.size.label})
                )
    if product.condition is None or external_id(product.condition) is None:
        problems.append(Problem("condition", _("Choose the item's condition.")))
    if product.package_size is None or external_id(product.package_size) is None:
        problems.append(Problem("package_size", _("Choose a package size for shipping.")))
    return problems


def preflight(product: Product, account: VintedAccount) -> list[Problem]:
    problems = []
    try:
        assert_publishable(product)
    except NotPublishable as error:
        problems.append(Problem("stock", str(error)))
    photos = product.photos.count()
    if photos == 0:
        problems.append(Problem("photos", _("Add at least one photo.")))
    elif photos > VINTED_PHOTOS_MAX:
        problems.append(Problem("photos", _("Vinted takes at most %(max)s photos.") % {"max": VINTED_PHOTOS_MAX}))
    problems += _text_problems(product)
    problems += _taxonomy_problems(product, account.domain)
    if pricing.apply(pricing.rule_for_shop(), product.price) <= 0:
        problems.append(Problem("price", _("The Vinted price must be above zero.")))
    if not account.is_connected:
        problems.append(Problem("account", _("This Vinted account is disconnected.")))
    else:
        try:
            domains.site_for(account.domain)
        except domains.DomainNotAllowed:
            problems.append(Problem("account", _("This Vinted site is no longer allowed on this server.")))
    return problems
