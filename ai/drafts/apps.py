from django.apps import AppConfig


class AiDraftsConfig(AppConfig):
    name = "ai.drafts"
    label = "ai_drafts"
    verbose_name = "Photo drafts index"
    default_auto_field = "django.db.models.BigAutoField"
