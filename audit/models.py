"""The shop's audit log: one row per change someone made, in the shop's own schema."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Via(models.TextChoices):
    PAGE = "page", _("Page")
    API = "api", _("API")
    ACT_AS = "act_as", _("Staff act-as")
    SYSTEM = "system", _("Background task")


class Entry(models.Model):
    at = models.DateTimeField(default=timezone.now, db_index=True)
    # The person as they were at the time: users live in public and may be deleted later, the log stays.
    actor_id = models.IntegerField(null=True, blank=True, db_index=True)
    actor_label = models.CharField(max_length=254, blank=True)
    action = models.CharField(max_length=64, db_index=True)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_label = models.CharField(max_length=255, blank=True)
    # {"field": [old, new]} or {"name": value} for facts with no before; never a secret.
    changes = models.JSONField(default=dict, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    via = models.CharField(max_length=16, choices=Via.choices, default=Via.PAGE)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label or '-'} {self.action}"
