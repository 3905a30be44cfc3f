"""Staff overrides of registered rate-limit policies (public schema).

ratelimit knows nothing of shops or marketplace accounts: an override names the policy and
either a tenant ref or a subject ref, as strings the calling app defines (docs/ratelimit.md).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class PolicyOverride(models.Model):
    class Scope(models.TextChoices):
        TENANT = "tenant", _("Shop")
        SUBJECT = "subject", _("Subject (e.g. a marketplace account)")

    policy_name = models.CharField(_("policy"), max_length=64)
    scope = models.CharField(_("applies to"), max_length=16, choices=Scope.choices)
    ref = models.CharField(
        _("reference"),
        max_length=200,
        help_text=_(
            "The shop's schema name, or the subject's key exactly as the calling app builds it (see docs/ratelimit.md)."
        ),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("policy override")
        verbose_name_plural = _("policy overrides")
        constraints = [
            models.UniqueConstraint(fields=["policy_name", "scope", "ref"], name="ratelimit_one_override_per_target")
        ]

    def __str__(self):
        return f"{self.policy_name} · {self.get_scope_display()} {self.ref}"


class OverrideWindow(models.Model):
    override = models.ForeignKey(PolicyOverride, on_delete=models.CASCADE, related_name="windows")
    limit = models.PositiveIntegerField(_("limit"))
    seconds = models.PositiveIntegerField(_("per seconds"))

    class Meta:
        verbose_name = _("window")
        verbose_name_plural = _("windows")
        ordering = ["-seconds"]
        constraints = [
            models.CheckConstraint(condition=Q(limit__gte=1) & Q(seconds__gte=1), name="ratelimit_window_positive")
        ]

    def __str__(self):
        return f"{self.limit}/{self.seconds}s"

    def clean(self):
        if self.limit is not None and self.limit < 1 or self.seconds is not None and self.seconds < 1:
            raise ValidationError(_("A window needs a limit and a length of at least 1."))
