from django.apps import AppConfig


class ChannelsConfig(AppConfig):
    name = "channels"
    verbose_name = "Channel jobs (shared by the marketplaces)"
    default_auto_field = "django.db.models.BigAutoField"
