from django.apps import AppConfig


class EbayConfig(AppConfig):
    name = "ebay"
    verbose_name = "eBay"
