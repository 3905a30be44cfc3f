import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import config
from .jobs.models import EbayJob, EbayJobEvent, EbayListing

__all__ = ["CategoryChoice", "EbayAccount", "EbayJob", "EbayJobEvent", "EbayListing", "PricingRule"]


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
    # What publishing on this account uses (the set-up after connect, ebay/setup.py): eBay refuses to
    # publish an offer without three business policies of the marketplace and an inventory location.
    fulfillment_policy_id = models.CharField(max_length=32, blank=True)
    payment_policy_id = models.CharField(max_length=32, blank=True)
    return_policy_id = models.CharField(max_length=32, blank=True)
    merchant_location_key = models.CharField(max_length=36, blank=True)
    setup_done_at = models.DateTimeField(null=True, blank=True)
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
    def setup_done(self) -> bool:
        return bool(
            self.setup_done_at
            and self.fulfillment_policy_id
            and self.payment_policy_id
            and self.return_policy_id
            and self.merchant_location_key
        )

    @property
    def marketplace(self) -> config.Marketplace:
        return config.MARKETPLACES[self.marketplace_id]

    @property
    def ledger_label(self) -> str:
        """The account as catalog's sales ledger and delist log name it: a sale and the delist steps it
        caused must read alike."""
        return f"{self.username} · eBay ({self.marketplace.site})"


class CategoryChoice(models.Model):
    """The eBay leaf category a Stoflow category goes to on one marketplace, and what eBay requires there.

    Filled from the Taxonomy API's suggestions the first time a product of that category is checked;
    the seller may choose another leaf (`chosen_by_seller`), which later suggestions never overwrite.
    """

    category = models.ForeignKey("taxonomy.Category", on_delete=models.CASCADE, related_name="+", db_constraint=False)
    gender = models.CharField(max_length=10, blank=True)  # suggestions differ for women's and men's
    marketplace_id = models.CharField(max_length=16)
    ebay_category_id = models.CharField(_("eBay category id"), max_length=20)
    ebay_category_name = models.CharField(max_length=300, blank=True)
    tree_id = models.CharField(max_length=10, blank=True)
    # getItemAspectsForCategory, kept short: [{"name", "required", "mode", "values"}]
    aspects = models.JSONField(default=list, blank=True)
    conditions = models.JSONField(default=list, blank=True)  # condition ids the leaf allows
    chosen_by_seller = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["category", "gender", "marketplace_id"], name="ebay_category_choice_unique")
        ]

    def __str__(self):
        return f"{self.category_id}/{self.gender or '-'} -> {self.marketplace_id}:{self.ebay_category_id}"


class PricingRule(models.Model):
    """How the shop turns a catalog price into its eBay price (one row per shop, every eBay site)."""

    class Rounding(models.TextChoices):
        NONE = "none", _("No rounding")
        WHOLE = "00", _("Up to .00")
        HALF = "50", _("Up to .50")
        NINETY = "90", _("Up to .90")

    markup_percent = models.DecimalField(
        _("markup (%)"),
        max_digits=6,
        decimal_places=2,
        default=0,
        help_text=_("Added to the catalog price; negative values give a discount."),
    )
    rounding = models.CharField(_("rounding"), max_length=4, choices=Rounding.choices, default=Rounding.NONE)
    floor_price = models.DecimalField(
        _("floor price"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Never list below this price. Leave empty for no floor."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.markup_percent} % / {self.rounding} / {self.floor_price}"
