from django.apps import AppConfig


class VintedReferenceConfig(AppConfig):
    name = "vinted.reference"
    label = "vinted_reference"
    verbose_name = "Vinted reference data"
    default_auto_field = "django.db.models.BigAutoField"
