from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EbayConfig(AppConfig):
    name = "ebay"
    verbose_name = "eBay"

    def ready(self):
        from catalog import extensions
        from stoflow import secretbox
        from stoflow.navigation import NavItem, add_nav_item

        from . import budget, config, rotation
        from .jobs.takedown import take_down

        budget.register_with_ratelimit()
        # Always: listings made while the keys were set must still end when their product stops selling.
        extensions.register(extensions.ProductUnavailable(name="ebay_takedown", handler=take_down))
        secretbox.register_rotation("eBay", rotation.rotate_all)
        if config.enabled():  # settings are read once at start: no keys, no eBay anywhere
            add_nav_item(NavItem(_("eBay accounts"), "ebay:accounts", order=41))
            from .publishing.integration import register_extensions

            register_extensions()
