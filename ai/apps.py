from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AiConfig(AppConfig):
    name = "ai"
    verbose_name = _("AI descriptions")

    def ready(self):
        from django.db.models.signals import post_delete

        from stoflow.navigation import NavItem, add_nav_item
        from tenants.signals import shop_erasing, shop_restored

        from . import erasure, photo_drafts
        from .integration import register_catalog_extensions
        from .services import forget_product

        add_nav_item(NavItem(label=_("AI"), url_name="ai:usage", order=40))
        register_catalog_extensions()
        shop_erasing.connect(erasure.on_shop_erasing, dispatch_uid="ai-shop-erasing")
        shop_restored.connect(photo_drafts.on_shop_restored, dispatch_uid="ai-shop-restored")
        post_delete.connect(forget_product, sender="catalog.Product", dispatch_uid="ai-forget-product")
