"""Automation rules of a Vinted account (shop schema): repost stale listings, drop prices.
Each run is recorded with what it chose and why, and what happened. See docs/automation.md."""

import uuid

from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AutomationRule(models.Model):
    class Kind(models.TextChoices):
        REPOST = "repost", _("Repost stale listings")
        PRICE_DROP = "price_drop", _("Price drop")

    class Mode(models.TextChoices):
        ASK = "ask", _("Ask me first")
        AUTOMATIC = "automatic", _("Automatic")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    account = models.ForeignKey("vinted.VintedAccount", on_delete=models.CASCADE, related_name="automation_rules")
    kind = models.CharField(_("rule"), max_length=12, choices=Kind.choices)
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices, default=Mode.ASK)
    is_active = models.BooleanField(_("active"), default=True)
    # Schedule, in the site's time zone: weekdays (0 = Monday) and a time window.
    days = ArrayField(
        models.PositiveSmallIntegerField(validators=[MaxValueValidator(6)]), default=list, verbose_name=_("days")
    )
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("until"))
    daily_cap = models.PositiveIntegerField(
        _("at most per day"), default=10, validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    min_age_days = models.PositiveIntegerField(_("listed for more than (days)"), default=30)
    # Repost
    max_favourites = models.PositiveIntegerField(_("fewer favourites than"), null=True, blank=True)
    repost_gap_days = models.PositiveIntegerField(_("not reposted within (days)"), default=14)
    # Price drop: a percentage or an amount, never under the floor, at most max_drops per listing.
    drop_percent = models.DecimalField(
        _("drop (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(90)],
    )
    drop_amount = models.DecimalField(
        _("drop (amount)"), max_digits=10, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    floor_price = models.DecimalField(
        _("never under"), max_digits=10, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    max_drops = models.PositiveIntegerField(_("at most drops per listing"), default=2)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} ({self.mode}) on {self.account_id}"


class RuleRun(models.Model):
    class State(models.TextChoices):
        PROPOSED = "proposed", _("Waiting for your approval")
        DONE = "done", _("Done")
        SKIPPED = "skipped", _("Nothing to do")
        DECLINED = "declined", _("Declined")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    rule = models.ForeignKey(AutomationRule, on_delete=models.CASCADE, related_name="runs")
    at = models.DateTimeField(default=timezone.now)
    state = models.CharField(max_length=10, choices=State.choices)
    # [{"product": uuid, "sku", "title", "reason", "requests", "new_price"?, "job"?, "error"?}]
    chosen = models.JSONField(default=list)
    reason = models.CharField(max_length=300, blank=True)  # English source, translated at display
    budget = models.JSONField(default=dict)  # remaining, limit, reserve, allowed, planned
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["rule", "-at"], name="vinted_rulerun_latest")]

    def __str__(self) -> str:
        return f"{self.rule_id} {self.at:%Y-%m-%d %H:%M} {self.state}"


class AutomationAction(models.Model):
    """One thing a rule did to a listing (counts drops per listing and reposts per day)."""

    rule = models.ForeignKey(AutomationRule, on_delete=models.CASCADE, related_name="actions")
    run = models.ForeignKey(RuleRun, on_delete=models.CASCADE, related_name="actions")
    product = models.ForeignKey("catalog.Product", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12)
    old_price = models.DecimalField(max_digits=10, decimal_places=2, null=True)
    new_price = models.DecimalField(max_digits=10, decimal_places=2, null=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["rule", "at"], name="vinted_autoaction_day"),
            models.Index(fields=["product", "kind"], name="vinted_autoaction_product"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.product_id} at {self.at:%Y-%m-%d}"
