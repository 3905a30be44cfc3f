"""CSV export and import of products.

Import validates every row, writes the valid ones in bulk (create or update by SKU) and returns
each rejected row with its line number and reason: nothing is dropped silently.
"""

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext as _

from audit.services import record

from . import services
from .models import Product
from .taxonomy.matching import Names
from .taxonomy.models import Brand, Category, Colour, Condition, Material, PackageSize, Size

COLUMNS = [
    "sku",
    "title",
    "description",
    "price",
    "cost_price",
    "stock",
    "brand",
    "category",
    "size",
    "condition",
    "colours",
    "materials",
    "gender",
    "unisex",
    "package_size",
    "length_cm",
    "width_cm",
    "seller_notes",
    "private_notes",
    "tags",
    "status",
]
REQUIRED = ("sku", "title", "price")
LIST_SEPARATOR = "|"
EXAMPLE = {
    "sku": "TS-001",
    "title": "Striped cotton t-shirt",
    "description": "Soft, worn twice.",
    "price": "12.50",
    "cost_price": "3.00",
    "stock": "1",
    "brand": "Zara",
    "category": "Women › Clothing › Tops & t-shirts › T-shirts",
    "size": "M / 38 / 10",
    "condition": "Very good",
    "colours": "Blue|White",
    "materials": "Cotton",
    "gender": "women",
    "unisex": "no",
    "package_size": "Small (fits a large envelope)",
    "length_cm": "",
    "width_cm": "",
    "seller_notes": "",
    "private_notes": "",
    "tags": "summer|stripes",
    "status": "draft",
}


# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection). Such a text
# cell is exported behind an apostrophe, which spreadsheets show as text; a text that already starts
# with apostrophes before one of them gets one more, so import can always remove exactly one.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
TEXT_COLUMNS = frozenset(COLUMNS) - {"price", "cost_price", "stock", "length_cm", "width_cm"}


def as_text_cell(value: str) -> str:
    if value.lstrip("'").startswith(FORMULA_START):
        return "'" + value
    return value


def from_text_cell(value: str | None) -> str | None:
    if value and value.startswith("'") and value.lstrip("'").startswith(FORMULA_START):
        return value[1:]
    return value


def template_csv() -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerow(EXAMPLE)
    return out.getvalue()


CENT = Decimal("0.01")


def start_export(queryset, filters: str = "") -> Iterator[list]:
    """Logs the export now (the rows stream after the request's audit context is gone), then
    streams them. `filters` is the list's query string, to tell which products left the shop."""
    record("catalog.exported", "catalog", "", "CSV", {"products": queryset.count(), "filters": filters[:500]})
    return export_rows(queryset)


def export_rows(queryset):
    """Header then one row per product, streamed in chunks (no N+1)."""
    yield COLUMNS
    queryset = queryset.select_related(
        "category__parent__parent__parent", "size", "condition", "package_size"
    ).prefetch_related("colours", "materials")
    text_at = [i for i, name in enumerate(COLUMNS) if name in TEXT_COLUMNS]
    for product in queryset.iterator(chunk_size=2000):
        with_en = _english(product)
        row = [
            product.sku,
            product.title,
            product.description,
            product.price,
            "" if product.cost_price is None else product.cost_price,
            product.stock,
            product.brand_name,
            with_en["category"],
            with_en["size"],
            with_en["condition"],
            LIST_SEPARATOR.join(c.name_en for c in product.colours.all()),
            LIST_SEPARATOR.join(m.name_en for m in product.materials.all()),
            product.gender,
            "yes" if product.is_unisex else "no",
            with_en["package_size"],
            product.length_cm or "",
            product.width_cm or "",
            product.seller_notes,
            product.private_notes,
            LIST_SEPARATOR.join(product.tags),
            product.status,
        ]
        for i in text_at:
            row[i] = as_text_cell(row[i])
        yield row


def _english(product) -> dict:
    def path(category):
        parts = []
        while category is not None:
            parts.append(category.name_en)
            category = category.parent
        return " › ".join(reversed(parts))

    return {
        "category": path(product.category) if product.category else "",
        "size": product.size.name_en if product.size else "",
        "condition": product.condition.name_en if product.condition else "",
        "package_size": product.package_size.name_en if product.package_size else "",
    }


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)  # (line number, reason)
    notes: list[tuple[int, str]] = field(default_factory=list)  # (line number, note) on imported rows


# The seller reads the header of the file: a message names the column as written there, after its
# label in the seller's language.
LABELS = {
    "sku": pgettext_lazy("CSV column", "SKU"),
    "title": pgettext_lazy("CSV column", "Title"),
    "description": pgettext_lazy("CSV column", "Description"),
    "price": pgettext_lazy("CSV column", "Price"),
    "cost_price": pgettext_lazy("CSV column", "Cost price"),
    "stock": pgettext_lazy("CSV column", "Stock"),
    "brand": pgettext_lazy("CSV column", "Brand"),
    "category": pgettext_lazy("CSV column", "Category"),
    "size": pgettext_lazy("CSV column", "Size"),
    "condition": pgettext_lazy("CSV column", "Condition"),
    "colours": pgettext_lazy("CSV column", "Colours"),
    "materials": pgettext_lazy("CSV column", "Materials"),
    "gender": pgettext_lazy("CSV column", "Gender"),
    "unisex": pgettext_lazy("CSV column", "Unisex"),
    "package_size": pgettext_lazy("CSV column", "Package size"),
    "length_cm": pgettext_lazy("CSV column", "Length (cm)"),
    "width_cm": pgettext_lazy("CSV column", "Width (cm)"),
    "seller_notes": pgettext_lazy("CSV column", "Seller's notes"),
    "private_notes": pgettext_lazy("CSV column", "Private notes"),
    "tags": pgettext_lazy("CSV column", "Tags"),
    "status": pgettext_lazy("CSV column", "Status"),
}
# Fields the services name in their errors, and the column each comes from.
FIELD_COLUMNS = {"brand_name": "brand", "is_unisex": "unisex"}


def column_message(column: str, problem: str) -> str:
    return _("%(label)s (column %(column)s): %(problem)s") % {
        "label": LABELS.get(column, column),
        "column": column,
        "problem": problem,
    }


class RowError(ValueError):
    def __init__(self, column: str, problem: str):
        super().__init__(column_message(column, problem))


def _not_listed(value: str, suggestion: str | None) -> str:
    if suggestion:
        return _("“%(value)s” is not in the list; did you mean “%(name)s”?") % {"value": value, "name": suggestion}
    return _("“%(value)s” is not in the list") % {"value": value}


def _language() -> str:
    return "fr" if (get_language() or "en").startswith("fr") else "en"


def _path(category, lang: str) -> str:
    parts, node = [], category
    while node is not None:
        parts.append(getattr(node, f"name_{lang}") or node.name_en)
        node = node.parent
    return " › ".join(reversed(parts))


class _Lookups:
    """The taxonomy in memory, so 10,000 rows cost no per-row queries. Names match ignoring case,
    accents, hyphens, punctuation and spacing (`taxonomy.matching`)."""

    def __init__(self):
        lang = _language()
        # Every category in one query: parents come from this map, whatever the tree's depth.
        every = {c.pk: c for c in Category.objects.prefetch_related("size_groups")}
        for category in every.values():
            category.parent = every.get(category.parent_id)
        categories = [c for c in every.values() if c.is_active and c.is_leaf]
        self.categories = Names()
        self.category_ids = {}
        self.external_ids = {}  # ("vinted", "221") -> category: a marketplace's own id, "vinted:221"
        for category in categories:
            self.category_ids[str(category.pk)] = category
            for marketplace, external in (category.external_ids or {}).items():
                self.external_ids[(marketplace.casefold(), str(external))] = category
            for name_lang in ("en", "fr"):
                # A path in either language, or a leaf's own name when no other leaf has it.
                self.categories.add(_path(category, name_lang), category)
                self.categories.add(
                    getattr(category, f"name_{name_lang}") or category.name_en, category, shown=_path(category, lang)
                )
        self.sizes_by_group = {}
        for size in Size.objects.filter(is_active=True):
            group = self.sizes_by_group.setdefault(size.group_id, Names())
            group.add(size.name_en, size)
            group.add(size.name_fr, size, shown=size.name_en)
        self.conditions = self._names(Condition)
        self.colours = self._names(Colour)
        self.materials = self._names(Material)
        self.package_sizes = self._names(PackageSize)
        self.brands = Names()
        for brand in Brand.objects.all():  # as services._resolve_brand: a deactivated brand still maps
            self.brands.add(brand.name_en, brand)

    @staticmethod
    def _names(model) -> Names:
        names = Names()
        for obj in model.objects.filter(is_active=True):
            names.add(obj.name_en, obj)
            if obj.name_fr:
                names.add(obj.name_fr, obj)
        return names

    def category(self, text: str):
        text = (text or "").strip()
        if not text:
            return None
        if text in self.category_ids:
            return self.category_ids[text]
        marketplace, colon, external = text.partition(":")
        if colon and external.strip().isdigit():
            found = self.external_ids.get((marketplace.strip().casefold(), external.strip()))
            if found is None:
                raise RowError(
                    "category", _("“%(value)s” is not a leaf category we know on that marketplace.") % {"value": text}
                )
            return found
        found = self.categories.candidates(text)
        if len(found) > 1:
            raise RowError(
                "category",
                _("“%(value)s” names several categories, write the whole path: %(paths)s")
                % {"value": text, "paths": ", ".join(sorted(map(str, found.values())))},
            )
        if not found:
            raise RowError("category", _not_listed(text, self.categories.closest(text)))
        return next(iter(found))


def _decimal(value: str, column: str, required: bool = False):
    value = (value or "").strip().replace(",", ".")
    if not value:
        if required:
            raise RowError(column, _("required"))
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise RowError(column, _("“%(value)s” is not a number") % {"value": value}) from None
    if not number.is_finite() or number < 0 or number >= Decimal("100000000") or number.as_tuple().exponent < -2:
        raise RowError(column, _("must be between 0 and 99999999.99 with at most 2 decimals"))
    return number.quantize(CENT)  # as the database stores it: "6" is 6.00 (the audit shows both prices)


def _integer(value: str, column: str, default=None, maximum=2_000_000_000):
    value = (value or "").strip()
    if not value:
        return default
    if not (value.isascii() and value.isdigit()) or int(value) > maximum:
        raise RowError(column, _("must be a whole number from 0 to %(max)s") % {"max": maximum})
    return int(value)


def _pick(names: Names, value: str, column: str):
    value = (value or "").strip()
    if not value:
        return None
    found = names.find(value)
    if found is None:
        raise RowError(column, _not_listed(value, names.closest(value)))
    return found


def _parse(row: dict, lookups: _Lookups, notes: list[str]) -> dict:
    for name in REQUIRED:
        if not (row.get(name) or "").strip():
            raise RowError(name, _("required"))
    data = {
        "sku": row["sku"].strip(),
        "title": row["title"].strip(),
        "description": (row.get("description") or "").strip(),
        "price": _decimal(row.get("price"), "price", required=True),
        "cost_price": _decimal(row.get("cost_price"), "cost_price"),
        "stock": _integer(row.get("stock"), "stock", default=1),
        "seller_notes": (row.get("seller_notes") or "").strip(),
        "length_cm": _integer(row.get("length_cm"), "length_cm", maximum=1000),
        "width_cm": _integer(row.get("width_cm"), "width_cm", maximum=1000),
    }
    brand_text = (row.get("brand") or "").strip()[:120]
    data["brand"] = lookups.brands.find(brand_text) if brand_text else None
    data["brand_name"] = data["brand"].name_en if data["brand"] else brand_text
    if brand_text and data["brand"] is None:
        suggestion = lookups.brands.closest(brand_text)
        if suggestion:
            notes.append(
                column_message(
                    "brand",
                    _("“%(value)s” is not in the list and is kept as typed (unmapped); did you mean “%(name)s”?")
                    % {"value": brand_text, "name": suggestion},
                )
            )
    data["category"] = lookups.category(row.get("category"))
    size_text = (row.get("size") or "").strip()
    data["size"] = None
    if size_text:
        if data["category"] is None:
            raise RowError("size", _("needs a category"))
        for group in data["category"].size_groups.all():
            data["size"] = lookups.sizes_by_group.get(group.pk, Names()).find(size_text) or data["size"]
        if data["size"] is None:
            raise RowError(
                "size",
                _("“%(value)s” is not a size of the category %(category)s")
                % {"value": size_text, "category": _path(data["category"], _language())},
            )
    data["condition"] = _pick(lookups.conditions, row.get("condition"), "condition")
    data["package_size"] = _pick(lookups.package_sizes, row.get("package_size"), "package_size")
    data["colours"] = [_pick(lookups.colours, v, "colours") for v in _split(row.get("colours"))]
    data["materials"] = [_pick(lookups.materials, v, "materials") for v in _split(row.get("materials"))]
    gender = (row.get("gender") or "").strip().lower()
    if gender and gender not in Product.Gender.values:
        raise RowError("gender", _("must be one of: %(values)s") % {"values": ", ".join(Product.Gender.values)})
    data["gender"] = gender
    unisex = (row.get("unisex") or "").strip().lower()
    if unisex not in ("", "yes", "no", "true", "false", "1", "0", "oui", "non"):
        raise RowError("unisex", _("must be yes or no"))
    data["is_unisex"] = unisex in ("yes", "true", "1", "oui")
    status = (row.get("status") or "").strip().lower() or Product.Status.DRAFT
    if status not in Product.Status.values:
        raise RowError("status", _("must be one of: %(values)s") % {"values": ", ".join(Product.Status.values)})
    data["status"] = status
    data["tags"] = [t.strip()[:40] for t in _split(row.get("tags"))]
    if "private_notes" in row:  # a file without the column leaves the notes as they are
        data["private_notes"] = (row["private_notes"] or "").strip()
    errors = services.check_values(data)
    if errors:
        name, message = next(iter(errors.items()))
        raise RowError(FIELD_COLUMNS.get(name, name), message)
    return data


def _split(value: str) -> list[str]:
    return [part.strip() for part in (value or "").split(LIST_SEPARATOR) if part.strip()]


def decode(raw: bytes) -> str:
    if b"\x00" in raw:
        raise ValueError(_("The file is not text (UTF-8 or Windows-1252)."))
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValueError(_("The file is not text (UTF-8 or Windows-1252)."))


PROGRESS_EVERY = 200


def import_csv(tenant, text: str, progress=None) -> ImportReport:
    """`progress(rows_read)`, when given, is called every PROGRESS_EVERY rows while they are checked."""
    report = ImportReport()
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
    if missing:
        report.rejected.append((1, _("The header lacks the columns: %(cols)s") % {"cols": ", ".join(missing)}))
        return report
    lookups = _Lookups()
    parsed, seen = [], {}
    for count, row in enumerate(reader, start=1):
        if progress is not None and count % PROGRESS_EVERY == 0:
            progress(count)
        line = reader.line_num
        if None in row:
            report.rejected.append((line, _("more values than columns")))
            continue
        row = {name: from_text_cell(value) if name in TEXT_COLUMNS else value for name, value in row.items()}
        notes = []
        try:
            data = _parse(row, lookups, notes)
        except ValueError as error:
            report.rejected.append((line, str(error)))
            continue
        report.notes += [(line, note) for note in notes]
        if data["sku"] in seen:
            report.rejected.append(
                (
                    line,
                    _("SKU %(sku)s already appears on line %(line)s") % {"sku": data["sku"], "line": seen[data["sku"]]},
                )
            )
            continue
        seen[data["sku"]] = line
        parsed.append((line, data))
    result = services.import_products(tenant, parsed)
    for line in result.over_limit:
        report.rejected.append((line, _("over your plan's limit of %(limit)s products") % {"limit": result.limit}))
    record(
        "catalog.imported",
        "catalog",
        "",
        "CSV",
        {"created": result.created, "updated": result.updated, "rejected": len(report.rejected)},
    )
    report.created, report.updated = result.created, result.updated
    report.rejected.sort()
    imported = {line for line, _data in parsed} - {line for line, _reason in report.rejected}
    report.notes = [(line, note) for line, note in report.notes if line in imported]
    return report
