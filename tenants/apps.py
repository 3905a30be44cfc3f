from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TenantsConfig(AppConfig):
    name = "tenants"
    verbose_name = _("Shops and accounts")

    def ready(self):
        from . import api_schema, checks  # noqa: F401  (registers checks and schema extensions)
