from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VintedConfig(AppConfig):
    name = "vinted"
    verbose_name = "Vinted"

    def ready(self):
        from stoflow.navigation import NavItem, add_nav_item
        from tenants import quotas, shopdata
        from tenants.demo import demo_shop_ready
        from tenants.signals import shop_erasing

        from . import budget, demo, erasure, selectors
        from .jobs import schedule
        from .jobs.services import on_session_refreshed
        from .signals import session_refreshed

        add_nav_item(NavItem(_("Vinted accounts"), "vinted:accounts", order=40))
        demo_shop_ready.connect(demo.on_demo_shop_ready, dispatch_uid="vinted-demo-sandbox")
        budget.register_with_ratelimit()
        session_refreshed.connect(on_session_refreshed, dispatch_uid="vinted-jobs-resume-waiting-session")
        quotas.register_platform_counter("vinted", selectors.connected_count)
        shop_erasing.connect(erasure.on_shop_erasing, dispatch_uid="vinted-shop-erasing")
        schedule.connect_signals()
        shopdata.leave_out(
            "vinted_vintedaccount",
            "sealed_session",
            replacement_sql="''",
            reason="sealed Vinted session: never exported; reconnect the account after a restore",
        )
        from .publishing.integration import register_extensions

        register_extensions()
