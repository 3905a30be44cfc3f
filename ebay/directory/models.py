from django.db import models


class EbayUserShop(models.Model):
    """Which shops hold data of an eBay user (public schema): eBay's account-deletion notifications name
    a user, and Stoflow must find that user's data without opening every shop."""

    ebay_user_id = models.CharField(max_length=64)
    tenant_schema = models.CharField(max_length=63)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["ebay_user_id", "tenant_schema"], name="ebay_user_shop_unique")]

    def __str__(self):
        return f"{self.ebay_user_id} in {self.tenant_schema}"
