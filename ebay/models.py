import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import config


class EbayAccount(models.Model):
    """An eBay seller account connected to this shop for one marketplace, through eBay's consent page.

    The refresh token (18 months) and the current access token (2 hours) are stored only sealed
    (stoflow.secretbox, bound to this shop and this account) and opened by `ebay.tokens` when used.
    """

    class Status(models.TextChoices):
        CONNECTED = "connected", _("Connected")
        RECONNECT_NEEDED = "reconnect_needed", _("Reconnect needed")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    marketplace_id = models.CharField(
        _("eBay site"), max_length=16, choices=[(m.id, m.site) for m in config.MARKETPLACES.values()]
    )
    ebay_user_id = models.CharField(max_length=64)
    username = models.CharField(_("eBay user ID"), max_length=64)
    scopes = models.TextField(blank=True)
    sealed_refresh_token = models.TextField(blank=True, editable=False)
    refresh_expires_at = models.DateTimeField(null=True, blank=True)
    sealed_access_token = models.TextField(blank=True, editable=False)
    access_expires_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=24, choices=Status.choices, default=Status.CONNECTED)
    status_reason = models.CharField(max_length=255, blank=True)
    # The orders poll (ebay.orders): orders modified since this moment (our clock, less an overlap)
    # are read next; it moves only when every page of a poll was read.
    orders_seen_until = models.DateTimeField(null=True, blank=True)
    orders_checked_at = models.DateTimeField(null=True, blank=True)
    orders_problem = models.CharField(max_length=255, blank=True)  # English source, translated at display
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["ebay_user_id", "marketplace_id"], name="ebay_account_unique_per_marketplace"
            )
        ]

    def __str__(self):
        return f"{self.username} ({self.marketplace_id})"

    def __repr__(self):
        # Never a sealed token: reprs end up in tracebacks and error pages.
        return f"<EbayAccount {self.public_id} {self.marketplace_id} {self.username}>"

    @property
    def marketplace(self) -> config.Marketplace:
        return config.MARKETPLACES[self.marketplace_id]
