"""Vinted's reference data per site (public schema): the category tree with each leaf's rules, the
brands, colours, conditions, size groups and package sizes, as the last good refresh read them.

Public, not per shop: it is Vinted's data, the same for every shop selling on the site. Nodes that
disappear from Vinted's tree are retired, never deleted (products may point at them).
"""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _


class SiteReference(models.Model):
    """One row per Vinted site: when its snapshot was taken and the site-wide tables."""

    site = models.CharField(_("Vinted site"), max_length=64, unique=True)  # a vinted.domains Site key
    fetched_at = models.DateTimeField(_("fetched at"), null=True, blank=True)  # the snapshot in use
    attempted_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    colours = models.JSONField(default=list, blank=True)  # [{"id", "code", "en", "fr", "hex"}]
    conditions = models.JSONField(default=list, blank=True)  # [{"id", "en", "fr"}] in Vinted's order
    size_groups = models.JSONField(
        default=dict, blank=True
    )  # {"4": {"caption", "sizes": [{"id", "title", "is_default"}]}}
    package_sizes = models.JSONField(default=dict, blank=True)  # {"1": {"en", "fr"}}
    custom_brands_allowed = models.BooleanField(default=True)
    node_count = models.PositiveIntegerField(default=0)
    leaf_count = models.PositiveIntegerField(default=0)
    brand_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("Vinted reference data")
        verbose_name_plural = _("Vinted reference data")
        ordering = ["site"]

    def __str__(self):
        return self.site


class CatalogNode(models.Model):
    site = models.CharField(max_length=64)
    vinted_id = models.BigIntegerField()
    parent_vinted_id = models.BigIntegerField(null=True, blank=True)
    title_en = models.CharField(max_length=200)
    title_fr = models.CharField(max_length=200, blank=True)
    path_en = models.CharField(max_length=600)
    path_fr = models.CharField(max_length=600, blank=True)
    is_leaf = models.BooleanField(default=False)
    position = models.PositiveIntegerField(default=0)
    restricted_to_status_id = models.IntegerField(null=True, blank=True)
    size_group_ids = ArrayField(models.IntegerField(), default=list, blank=True)
    condition_ids = ArrayField(models.IntegerField(), default=list, blank=True)
    package_size_ids = ArrayField(models.IntegerField(), default=list, blank=True)
    # [{"code", "required", "options": [ids]}] from the attributes lookup (leaves only)
    attributes = models.JSONField(default=list, blank=True)
    seen_at = models.DateTimeField()
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["site", "vinted_id"], name="vinted_ref_node_unique")]
        ordering = ["site", "position"]

    def __str__(self):
        return f"{self.path_en} ({self.vinted_id})"

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None

    def required_codes(self) -> set[str]:
        return {a["code"] for a in self.attributes or [] if a.get("required")}


class ReferenceBrand(models.Model):
    site = models.CharField(max_length=64)
    vinted_id = models.BigIntegerField()
    title = models.CharField(max_length=200)
    # matching.normalise(title): the type-ahead reads the prefix index, then the names containing it
    key = models.CharField(max_length=200, default="")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["site", "vinted_id"], name="vinted_ref_brand_unique")]
        indexes = [
            models.Index(
                fields=["site", "key"],
                opclasses=["varchar_pattern_ops", "varchar_pattern_ops"],
                name="vinted_ref_brand_prefix",
            )
        ]

    def __str__(self):
        return self.title
