from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = _("Catalog")

    def ready(self):
        from stoflow.navigation import DashboardPanel, NavItem, add_dashboard_panel, add_nav_item

        add_nav_item(NavItem(label=_("Products"), url_name="catalog:list", order=10))
        add_nav_item(NavItem(label=_("Sales"), url_name="catalog:sales", order=15))
        # Urgent tasks first: a listing still on sale after the product sold can sell twice.
        add_dashboard_panel(DashboardPanel(template="catalog/urgent_panel.html", order=1))
        add_dashboard_panel(DashboardPanel(template="catalog/dashboard_panel.html", order=10))

        from tenants.demo import demo_shop_ready

        from .demo import add_sample_products

        demo_shop_ready.connect(add_sample_products, dispatch_uid="catalog-demo-products")
