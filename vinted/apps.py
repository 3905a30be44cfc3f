from django.apps import AppConfig


class VintedConfig(AppConfig):
    name = "vinted"
    verbose_name = "Vinted"
