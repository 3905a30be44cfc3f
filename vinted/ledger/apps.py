from django.apps import AppConfig


class VintedLedgerConfig(AppConfig):
    name = "vinted.ledger"
    label = "vinted_ledger"
    verbose_name = "Vinted attempts log"
    default_auto_field = "django.db.models.BigAutoField"
