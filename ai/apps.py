from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AiConfig(AppConfig):
    name = "ai"
    verbose_name = _("AI descriptions")

    def ready(self):
        from stoflow.navigation import NavItem, add_nav_item
        from tenants.signals import shop_erasing

        from . import erasure
        from .integration import register_catalog_extensions

        add_nav_item(NavItem(label=_("AI"), url_name="ai:usage", order=40))
        register_catalog_extensions()
        shop_erasing.connect(erasure.on_shop_erasing, dispatch_uid="ai-shop-erasing")
