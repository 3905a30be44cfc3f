"""The log of generations, in each shop's schema."""

import uuid
from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .languages import LANGUAGES
from .options import LENGTHS, MARKETPLACES, TONES


class Generation(models.Model):
    """One request for a title and description, from queueing to the seller's decision."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Writing")
        SUCCEEDED = "succeeded", _("Ready")
        FAILED = "failed", _("Failed")

    class Provider(models.TextChoices):
        OPENAI = "openai", _("AI model")
        OFFLINE = "offline", _("Templates (not AI)")

    class Task(models.TextChoices):
        LISTING = "listing", _("Text from the product's details")
        PHOTOS = "photos", _("Proposal from photos")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    task = models.CharField(max_length=16, choices=Task.choices, default=Task.LISTING)
    product_public_id = models.UUIDField(null=True, blank=True, db_index=True)
    batch_id = models.UUIDField(null=True, blank=True, db_index=True)
    # The user's id, not a foreign key: a constraint from every shop schema into public's user
    # table would block deleting users and flushing the public schema.
    requested_by_id = models.BigIntegerField(null=True, blank=True)
    marketplace = models.CharField(max_length=16, choices=[(k, m.label) for k, m in MARKETPLACES.items()])
    language = models.CharField(max_length=2, choices=list(LANGUAGES.items()))
    tone = models.CharField(max_length=16, choices=list(TONES.items()))
    length = models.CharField(max_length=16, choices=list(LENGTHS.items()))
    facts = models.JSONField(help_text=_("The product facts the text was written from"))

    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED, db_index=True)
    provider = models.CharField(max_length=16, choices=Provider.choices, default=Provider.OPENAI)
    model = models.CharField(max_length=100, blank=True)
    prompt_version = models.PositiveSmallIntegerField(default=0)
    cache_key = models.CharField(max_length=100, blank=True, db_index=True)
    cached = models.BooleanField(default=False)
    tokens_in = models.PositiveIntegerField(default=0)
    tokens_out = models.PositiveIntegerField(default=0)
    cost_eur = models.DecimalField(max_digits=12, decimal_places=6, default=Decimal("0"))
    saved_cost_eur = models.DecimalField(
        max_digits=12, decimal_places=6, default=Decimal("0"), help_text=_("What a cache hit would have cost upstream")
    )
    duration_ms = models.PositiveIntegerField(default=0)
    attempts = models.PositiveSmallIntegerField(default=0)
    credit_charged = models.BooleanField(default=False)
    request_id = models.CharField(max_length=100, blank=True)
    error_code = models.CharField(max_length=32, blank=True)
    error_detail = models.CharField(max_length=300, blank=True)

    title = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)
    hashtags = models.JSONField(default=list, blank=True)
    notes = models.JSONField(default=list, blank=True)

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["queued", "running", "succeeded", "failed"]), name="ai_generation_status_known"
            ),
            models.CheckConstraint(
                condition=~Q(status="failed") | ~Q(error_code=""), name="ai_failed_generation_has_error_code"
            ),
            models.CheckConstraint(
                condition=Q(credit_charged=False) | Q(cached=False), name="ai_cache_hit_never_charged"
            ),
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(status="succeeded"), name="ai_only_ready_text_is_accepted"
            ),
        ]

    def __str__(self):
        return f"{self.public_id} ({self.status})"

    @property
    def is_done(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)

    @property
    def full_description(self) -> str:
        tags = " ".join("#" + tag for tag in self.hashtags or [])
        return f"{self.description}\n\n{tags}" if tags else self.description
