"""The product form's category advice and brand suggestions for Vinted (catalog extension points).

The site is the one of the shop's first connected account; without one, or before the site's
first snapshot, the advice comes from the built-in fixture and says so.
"""

from django.utils.translation import gettext as _

from catalog import extensions
from catalog.taxonomy.models import Condition, PackageSize
from catalog.taxonomy.selectors import external_id

from . import selectors

# Vinted attribute codes -> the product form's fields.
FIELDS = {"brand": "brand_name", "color": "colours", "material": "materials", "size": "size"}


def shop_site(request) -> str:
    from ..models import VintedAccount

    account = VintedAccount.objects.exclude(status=VintedAccount.Status.DISCONNECTED).order_by("created_at").first()
    return account.domain if account else ""


def _pks(model, vinted_ids) -> list[int]:
    by_vinted = {
        external_id(obj): obj.pk for obj in model.objects.filter(is_active=True, external_ids__has_key="vinted")
    }
    return [by_vinted[v] for v in vinted_ids if v in by_vinted]


def advise(request, category) -> extensions.Advice | None:
    site = shop_site(request)
    source = _("Vinted (%(site)s)") % {"site": site} if site else "Vinted"
    rules = selectors.rules_for(site, external_id(category)) if site else None
    if rules is None:
        return extensions.Advice(
            source=source,
            note=_("Vinted's rules: the built-in list, until this site's reference data is first refreshed."),
        )
    if not rules.exists or not rules.is_leaf:
        return extensions.Advice(source=source, problem=_("This category has no Vinted equivalent: choose another."))
    if rules.retired:
        return extensions.Advice(source=source, problem=_("This category no longer exists on Vinted: choose another."))
    return extensions.Advice(
        source=source,
        condition_ids=frozenset(_pks(Condition, rules.allowed_condition_ids)),
        package_size_ids=tuple(_pks(PackageSize, rules.package_size_ids)),
        required=frozenset(FIELDS[code] for code in rules.required if code in FIELDS),
    )


def brands(request, text: str) -> list[str]:
    site = shop_site(request)
    return selectors.search_brands(site, text) if site else []


def register() -> None:
    extensions.register(extensions.CategoryAdvice(name="vinted", advise=advise))
    extensions.register(extensions.BrandSuggestions(name="vinted", search=brands))
