from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from stoflow.navigation import NavItem, add_nav_item

        add_nav_item(NavItem(label=_("Notifications"), url_name="notifications:settings", order=80))
        from . import receivers

        receivers.connect()
