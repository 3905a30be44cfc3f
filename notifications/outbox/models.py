"""Public side of notifications: each user's e-mail choices, the notices waiting to be e-mailed
(batched per user and kind), and the index of webhook deliveries due, across shops.

Users live in public, and the beat must find due work without visiting every shop schema.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    ITEM_SOLD = "item_sold", _("An item sold")
    SESSION = "session", _("A Vinted session is expiring or expired")
    CHALLENGE = "challenge", _("Vinted asks for a check")
    JOB_ATTENTION = "job_attention", _("A job needs your attention")
    WEEKLY_SUMMARY = "weekly_summary", _("Weekly summary")


class NotificationSettings(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    # The kinds switched off; every kind is on until the user switches it off.
    disabled = models.JSONField(default=list, blank=True)
    # The language of the user's e-mails: the one of their latest sign-in or settings page.
    language = models.CharField(max_length=10, default=settings.LANGUAGE_CODE)

    def __str__(self) -> str:
        return f"{self.user_id}: off {self.disabled}"

    def wants(self, kind: str) -> bool:
        return kind not in self.disabled


class Notice(models.Model):
    """Something to tell a user by e-mail; notices of one kind go out together, at most once an hour."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    tenant_schema = models.CharField(max_length=63)
    shop_name = models.CharField(max_length=200, blank=True)
    data = models.JSONField(default=dict)  # what the e-mail shows: no secret, no token
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["sent_at", "user", "kind"], name="notice_pending"),
            models.Index(fields=["user", "kind", "-sent_at"], name="notice_last_sent"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.user_id} ({'sent' if self.sent_at else 'waiting'})"


class DeliveryDue(models.Model):
    """A webhook delivery (in its shop's schema) to attempt at `due_at`; removed once it is settled."""

    tenant_schema = models.CharField(max_length=63)
    delivery_id = models.BigIntegerField()
    due_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["tenant_schema", "delivery_id"], name="one_due_per_delivery")]

    def __str__(self) -> str:
        return f"{self.tenant_schema}#{self.delivery_id} at {self.due_at:%H:%M:%S}"
