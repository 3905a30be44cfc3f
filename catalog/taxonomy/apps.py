from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TaxonomyConfig(AppConfig):
    """Shared reference data (categories, brands, sizes...) in the public schema."""

    name = "catalog.taxonomy"
    label = "taxonomy"
    verbose_name = _("Taxonomy")
