from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "notifications.outbox"
    label = "notifications_outbox"
    verbose_name = "Notifications outbox"
    default_auto_field = "django.db.models.BigAutoField"
