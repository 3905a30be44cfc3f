from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EbayConfig(AppConfig):
    name = "ebay"
    verbose_name = "eBay"

    def ready(self):
        from stoflow import secretbox
        from stoflow.navigation import NavItem, add_nav_item
        from tenants import quotas
        from tenants.demo import demo_shop_ready

        from . import budget, channel, config, demo, rotation, selectors

        budget.register_with_ratelimit()
        quotas.register_platform_counter("ebay", selectors.connected_count)
        channel.register()
        demo_shop_ready.connect(demo.on_demo_shop_ready, dispatch_uid="ebay-demo-sandbox")
        secretbox.register_rotation("eBay", rotation.rotate_all)
        if config.enabled():  # settings are read once at start: no keys, no eBay anywhere
            add_nav_item(NavItem(_("eBay accounts"), "ebay:accounts", order=41))
