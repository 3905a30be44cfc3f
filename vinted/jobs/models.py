"""Publication jobs, their history and the listings they produce (shop schema).

A job is the unit of work the Celery worker runs against Vinted. Its `remote` field holds every
id Vinted handed back so far (uploaded photo ids, the upload session, the created item id, the
old item of a repost), written after each step, so that a retry resumes instead of duplicating.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from channels.models import LIVE, ChannelJob, ChannelJobEvent, JobState

__all__ = ["Job", "JobEvent", "Listing"]


class Job(ChannelJob):
    """A Vinted job: the shared state machine (channels.models.ChannelJob) with Vinted's actions, its
    account and product, and the photo progress of a publish."""

    CHANNEL = "vinted"
    # Vinted's words for three of the shared states, as the seller has always read them here.
    STATE_LABELS = {
        JobState.WAITING_RATE_LIMIT: _("Waiting for the request budget"),
        JobState.WAITING_RECONNECT: _("Waiting for a fresh Vinted session"),
        JobState.UNKNOWN: _("Checking on Vinted"),
    }

    class Action(models.TextChoices):
        PUBLISH = "publish", _("Publish")
        UPDATE = "update", _("Update")
        DELETE = "delete", _("Delete")
        REPOST = "repost", _("Repost")
        SYNC = "sync", _("Sync")
        HIDE = "hide", _("Hide")
        SHOW = "show", _("Show again")

    action = models.CharField(max_length=10, choices=Action.choices)
    # Products are soft-deleted; SET_NULL only guards a hard delete without losing the history.
    product = models.ForeignKey(
        "catalog.Product", on_delete=models.SET_NULL, null=True, blank=True, related_name="vinted_jobs"
    )
    account = models.ForeignKey("vinted.VintedAccount", on_delete=models.CASCADE, related_name="jobs")
    photos_done = models.PositiveSmallIntegerField(default=0)
    photos_total = models.PositiveSmallIntegerField(default=0)

    class Meta(ChannelJob.Meta):
        constraints = [
            # One live job per product and account: a double click cannot publish twice.
            models.UniqueConstraint(
                fields=["product", "account"],
                name="vinted_job_one_active_per_product",
                condition=Q(product__isnull=False) & LIVE,
            ),
            models.UniqueConstraint(
                fields=["account"],
                name="vinted_job_one_active_sync",
                condition=Q(action="sync") & LIVE,
            ),
        ]
        indexes = [
            models.Index(fields=["account", "state"], name="vinted_job_account_state"),
            models.Index(fields=["action", "finished_at"], name="vinted_job_finished"),
        ]

    def get_state_display(self) -> str:
        # Defined here, Django keeps it instead of generating one from the field's choices.
        return self.STATE_LABELS.get(self.state) or JobState(self.state).label


class JobEvent(ChannelJobEvent):
    """Append-only: every transition and every Vinted request of a job. Never a cookie or a token."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="events")

    class Meta(ChannelJobEvent.Meta):
        pass

    def __str__(self):
        return f"{self.job_id} {self.kind} at {self.at:%Y-%m-%d %H:%M:%S}"


class Listing(models.Model):
    class Status(models.TextChoices):
        PUBLISHING = "publishing", _("Publishing")
        PUBLISHED = "published", _("Published")
        HIDDEN = "hidden", _("Hidden")
        SOLD = "sold", _("Sold")
        DELETED = "deleted", _("Deleted")
        ERROR = "error", _("Error")

    product = models.ForeignKey("catalog.Product", on_delete=models.CASCADE, related_name="vinted_listings")
    account = models.ForeignKey("vinted.VintedAccount", on_delete=models.CASCADE, related_name="listings")
    item_id = models.BigIntegerField(null=True, blank=True)
    url = models.URLField(max_length=400, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PUBLISHING)
    price = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    last_synced_at = models.DateTimeField(null=True, blank=True)
    views = models.PositiveIntegerField(default=0)
    favourites = models.PositiveIntegerField(default=0)
    # Vinted's "reserved" (the seller holds the item for a buyer), as the last sync read it.
    is_reserved = models.BooleanField(default=False)
    last_error = models.CharField(max_length=500, blank=True)
    previous_item_ids = models.JSONField(default=list, blank=True)  # reposts keep the history
    # What the last create or edit sent (mapping.comparable of the item body), to tell the seller
    # which fields changed in Stoflow since; empty for listings imported from the wardrobe.
    sent = models.JSONField(default=dict, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["product", "account"], name="vinted_listing_one_per_product"),
            models.UniqueConstraint(
                fields=["account", "item_id"], name="vinted_listing_item_unique", condition=Q(item_id__isnull=False)
            ),
        ]

    def __str__(self):
        return f"{self.item_id or '-'} ({self.status})"
