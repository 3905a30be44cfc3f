from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EbayConfig(AppConfig):
    name = "ebay"
    verbose_name = "eBay"

    def ready(self):
        from catalog import extensions
        from stoflow import secretbox
        from stoflow.navigation import NavItem, add_nav_item
        from tenants import quotas
        from tenants.demo import demo_shop_ready
        from tenants.signals import shop_erasing

        from . import budget, channel, config, demo, erasure, poll_schedule, rotation, selectors
        from .jobs.takedown import take_down

        budget.register_with_ratelimit()
        quotas.register_platform_counter("ebay", selectors.connected_count)
        channel.register()
        poll_schedule.connect_signals()  # the public index of when each account's orders are read
        demo_shop_ready.connect(demo.on_demo_shop_ready, dispatch_uid="ebay-demo-sandbox")
        shop_erasing.connect(erasure.on_shop_erasing, dispatch_uid="ebay-shop-erasing")
        # Always: listings made while the keys were set must still end when their product stops selling.
        extensions.register(extensions.ProductUnavailable(name="ebay_takedown", handler=take_down))
        secretbox.register_rotation("eBay", rotation.rotate_all)
        if config.enabled():  # settings are read once at start: no keys, no eBay anywhere
            add_nav_item(NavItem(_("eBay accounts"), "ebay:accounts", order=41))
            from .publishing.integration import register_extensions

            register_extensions()
