"""eBay listings, the jobs that write them and their history (shop schema).

A listing is one product on one connected eBay account (one marketplace). Its SKU is random and
fixed when the row is made, and every remote id (image URLs, offer id, listing id) is stored on the
listing or the job as soon as eBay gives it, so a job run again after a crash resumes by reading.
"""

import secrets
import string

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from channels.models import LIVE, ChannelJob, ChannelJobEvent

__all__ = ["EbayJob", "EbayJobEvent", "EbayListing"]

SKU_ALPHABET = string.ascii_uppercase + string.digits


def new_sku() -> str:
    # eBay accepts [A-Za-z0-9]{1,50} everywhere (ebay-api §4.2); 24 random characters cannot be guessed
    # and say nothing of the shop or the product.
    return "SF" + "".join(secrets.choice(SKU_ALPHABET) for _ in range(24))


class EbayListing(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Not published yet")
        PUBLISHED = "published", _("Live on eBay")
        ENDED = "ended", _("Ended")
        SOLD = "sold", _("Sold")

    product = models.ForeignKey("catalog.Product", on_delete=models.CASCADE, related_name="ebay_listings")
    account = models.ForeignKey("ebay.EbayAccount", on_delete=models.CASCADE, related_name="listings")
    sku = models.CharField(max_length=50, unique=True, default=new_sku, editable=False)
    offer_id = models.CharField(max_length=40, blank=True)
    listing_id = models.CharField(max_length=40, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    price = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    category_id = models.CharField(max_length=20, blank=True)
    # Picture URLs eBay hosts, by the product photo's public id: a retry does not upload them again.
    images = models.JSONField(default=dict, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    previous_listing_ids = models.JSONField(default=list, blank=True)  # relists that got a new id
    # What the last publish or update sent (mapping.comparable), to tell the seller what is out of date.
    sent = models.JSONField(default=dict, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["product", "account"], name="ebay_listing_one_per_product"),
        ]

    def __str__(self):
        return f"{self.sku} ({self.status})"

    @property
    def is_live(self) -> bool:
        return self.status == self.Status.PUBLISHED


class EbayJob(ChannelJob):
    CHANNEL = "ebay"

    class Action(models.TextChoices):
        PUBLISH = "publish", _("Publish")
        UPDATE = "update", _("Update")
        END = "end", _("End")
        RELIST = "relist", _("Relist")

    action = models.CharField(max_length=10, choices=Action.choices)
    product = models.ForeignKey(
        "catalog.Product", on_delete=models.SET_NULL, null=True, blank=True, related_name="ebay_jobs"
    )
    account = models.ForeignKey("ebay.EbayAccount", on_delete=models.CASCADE, related_name="jobs")
    # Like `product`: a product deleted for good takes its listing records with it, but its jobs and
    # their history stay (docs/catalog.md, "Delete for good"), as Vinted's do.
    listing = models.ForeignKey(EbayListing, on_delete=models.SET_NULL, null=True, blank=True, related_name="jobs")
    reason = models.CharField(max_length=40, blank=True)  # why an end was asked: seller, sold_elsewhere, …

    class Meta(ChannelJob.Meta):
        constraints = [
            # One live job per listing: a double click cannot publish twice.
            models.UniqueConstraint(
                fields=["listing"],
                name="ebay_job_one_active_per_listing",
                condition=LIVE,
            ),
        ]
        indexes = [models.Index(fields=["account", "state"], name="ebay_job_account_state")]


class EbayJobEvent(ChannelJobEvent):
    job = models.ForeignKey(EbayJob, on_delete=models.CASCADE, related_name="events")
