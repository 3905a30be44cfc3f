"""Shared reference data (public schema): what a product is, in words every marketplace maps.

Every value keeps its marketplace identifiers in `external_ids` ({"vinted": 9, ...}), so another
marketplace adds its own ids without a schema change to products or taxonomy.
"""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class TaxonomyValue(models.Model):
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_fr = models.CharField(_("name (French)"), max_length=120, blank=True)
    external_ids = models.JSONField(
        _("marketplace ids"), default=dict, blank=True, help_text=_('For example {"vinted": 9}.')
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        abstract = True
        ordering = ["position", "name_en"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        if (get_language() or "en").startswith("fr") and self.name_fr:
            return self.name_fr
        return self.name_en


def _external_ids_index(name: str) -> models.Index:
    from django.contrib.postgres.indexes import GinIndex

    return GinIndex(fields=["external_ids"], name=name, opclasses=["jsonb_path_ops"])


class SizeGroup(TaxonomyValue):
    class Meta(TaxonomyValue.Meta):
        verbose_name = _("size group")
        verbose_name_plural = _("size groups")
        indexes = [_external_ids_index("tax_sizegroup_ext")]


class Size(TaxonomyValue):
    group = models.ForeignKey(SizeGroup, on_delete=models.CASCADE, related_name="sizes", verbose_name=_("size group"))

    class Meta(TaxonomyValue.Meta):
        verbose_name = _("size")
        verbose_name_plural = _("sizes")
        indexes = [_external_ids_index("tax_size_ext")]


class Category(TaxonomyValue):
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name=_("parent")
    )
    is_leaf = models.BooleanField(
        _("leaf"), default=False, help_text=_("Marketplaces accept only leaf categories for a listing.")
    )
    size_groups = models.ManyToManyField(
        SizeGroup, blank=True, related_name="categories", verbose_name=_("size groups")
    )
    # Both paths, accents, case and punctuation removed (matching.normalise): what the category
    # type-ahead searches. Kept by services.refresh_search_text after every tree change.
    search_text = models.TextField(blank=True, editable=False, default="")
    path_en = models.CharField(max_length=600, blank=True, editable=False, default="")
    path_fr = models.CharField(max_length=600, blank=True, editable=False, default="")

    class Meta(TaxonomyValue.Meta):
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        indexes = [_external_ids_index("tax_category_ext")]

    @property
    def stored_path(self) -> str:
        """The breadcrumb in the active language, as refresh_search_text stored it (no query)."""
        if (get_language() or "en").startswith("fr") and self.path_fr:
            return self.path_fr
        return self.path_en or self.label

    def path(self) -> str:
        parts, node, seen = [], self, set()
        while node is not None and node.pk not in seen:
            seen.add(node.pk)
            parts.append(node.label)
            node = node.parent
        return " › ".join(reversed(parts))


class Brand(TaxonomyValue):
    class Meta(TaxonomyValue.Meta):
        verbose_name = _("brand")
        verbose_name_plural = _("brands")
        indexes = [
            _external_ids_index("tax_brand_ext"),
            models.Index(models.functions.Upper("name_en"), name="tax_brand_upper_name"),
        ]


class Colour(TaxonomyValue):
    code = models.CharField(_("code"), max_length=40, blank=True)
    hex = models.CharField(_("hex colour"), max_length=7, blank=True)

    class Meta(TaxonomyValue.Meta):
        verbose_name = _("colour")
        verbose_name_plural = _("colours")
        indexes = [_external_ids_index("tax_colour_ext")]


class Condition(TaxonomyValue):
    class Meta(TaxonomyValue.Meta):
        verbose_name = _("condition")
        verbose_name_plural = _("conditions")
        indexes = [_external_ids_index("tax_condition_ext")]


class Material(TaxonomyValue):
    class Meta(TaxonomyValue.Meta):
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        indexes = [_external_ids_index("tax_material_ext")]


class PackageSize(TaxonomyValue):
    class Meta(TaxonomyValue.Meta):
        verbose_name = _("package size")
        verbose_name_plural = _("package sizes")
        indexes = [_external_ids_index("tax_packagesize_ext")]


class CategoryMapping(models.Model):
    """Where a category sits on one marketplace's site: its id there and whether it still exists.

    Written by the marketplace's reference-data refresh (services.sync_marketplace_tree); a node
    the marketplace dropped keeps its row with `retired_at`, so a product pointing at it can say so.
    """

    category = models.ForeignKey(
        Category, on_delete=models.CASCADE, related_name="mappings", verbose_name=_("category")
    )
    marketplace = models.CharField(_("marketplace"), max_length=32)
    site = models.CharField(_("site"), max_length=64)
    external_id = models.BigIntegerField(_("id on the marketplace"))
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("marketplace category")
        verbose_name_plural = _("marketplace categories")
        ordering = ["marketplace", "site"]
        constraints = [
            models.UniqueConstraint(fields=["marketplace", "site", "category"], name="tax_category_mapping_unique")
        ]
        indexes = [models.Index(fields=["marketplace", "site", "external_id"], name="tax_catmap_ext")]

    def __str__(self):
        return f"{self.marketplace} {self.site}: {self.external_id}"
