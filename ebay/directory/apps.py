from django.apps import AppConfig


class EbayDirectoryConfig(AppConfig):
    name = "ebay.directory"
    label = "ebay_directory"
    verbose_name = "eBay users by shop"
    default_auto_field = "django.db.models.BigAutoField"
