import uuid
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class VintedAccount(models.Model):
    """A Vinted seller account connected to this shop, with its sealed browser session.

    The session (cookies, CSRF token, anon id, user agent, client hints, locale)
    is stored only sealed (stoflow.secretbox) and opened through
    `vinted.sessions.open_session(account)` at the moment of use.
    """

    class Status(models.TextChoices):
        CONNECTED = "connected", _("Connected")
        EXPIRING = "expiring", _("Expiring soon")
        EXPIRED = "expired", _("Expired")
        CHALLENGE_REQUIRED = "challenge_required", _("Check needed on Vinted")
        DISCONNECTED = "disconnected", _("Disconnected")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    domain = models.CharField(_("Vinted site"), max_length=64)  # a vinted.domains Site key
    vinted_user_id = models.BigIntegerField(_("Vinted user id"))
    login = models.CharField(_("Vinted login"), max_length=150, blank=True)
    sealed_session = models.TextField(blank=True, editable=False)
    captured_at = models.DateTimeField(null=True, blank=True)
    access_expires_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=24, choices=Status.choices, default=Status.CONNECTED)
    status_reason = models.CharField(max_length=255, blank=True)
    last_verified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["domain", "vinted_user_id"], name="vinted_account_unique_per_site"),
            models.CheckConstraint(condition=models.Q(vinted_user_id__gt=0), name="vinted_user_id_positive"),
        ]

    def __str__(self):
        return f"{self.login or self.vinted_user_id} ({self.domain})"

    def __repr__(self):
        # Never the sealed session: reprs end up in tracebacks and error pages.
        return f"<VintedAccount {self.public_id} {self.domain} {self.vinted_user_id}>"

    def clean(self):
        from . import domains

        try:
            domains.site_for(self.domain)
        except domains.DomainNotAllowed:
            raise ValidationError({"domain": domains.refusal_message()}) from None

    @property
    def is_connected(self) -> bool:
        return self.status != self.Status.DISCONNECTED and bool(self.sealed_session)


class PricingRule(models.Model):
    """How a shop turns a catalog price into its Vinted price (one row per shop)."""

    class Rounding(models.TextChoices):
        NONE = "none", _("No rounding")
        WHOLE = "00", _("Up to .00")
        HALF = "50", _("Up to .50")
        NINETY = "90", _("Up to .90")

    markup_percent = models.DecimalField(
        _("markup (%)"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("-90")), MaxValueValidator(Decimal("1000"))],
        help_text=_("Added to the catalog price; negative values give a discount."),
    )
    rounding = models.CharField(_("rounding"), max_length=4, choices=Rounding.choices, default=Rounding.NONE)
    floor_price = models.DecimalField(
        _("floor price"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Never list below this price. Leave empty for no floor."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(markup_percent__gte=-90) & models.Q(markup_percent__lte=1000),
                name="pricing_markup_in_range",
            ),
            models.CheckConstraint(
                condition=models.Q(floor_price__isnull=True) | models.Q(floor_price__gte=0),
                name="pricing_floor_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.markup_percent:+}% rounding {self.rounding}"

    def clean(self):
        if self.markup_percent is not None and self.markup_percent <= -100:
            raise ValidationError({"markup_percent": _("A markup of -100% or less would give the item away.")})


from .automation.models import *  # noqa: E402,F403  (automation rules, see docs/automation.md)
from .jobs.models import *  # noqa: E402,F403  (publication jobs, see docs/publishing.md)
