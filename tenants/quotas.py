"""The quota service other apps call: product counts, platforms, monthly AI credits.

`tenants` knows nothing of products or AI: callers pass their own counts.
"""

import datetime
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from stoflow.api_errors import Refusal

from .models import AiCreditLedger, Tenant, Tier


class QuotaExceeded(Refusal):
    """Raised with a message a seller can read; the API answers 403 (stoflow.api_errors)."""

    status_code = 403

    def api_body(self) -> dict[str, Any]:
        return {"detail": self.message, "code": "quota_exceeded"}


def _limit(tenant: Tenant, override_field: str, tier_field: str) -> int | None:
    override = getattr(tenant, override_field)
    if override is not None:
        return override
    return getattr(tenant.tier, tier_field) if tenant.tier_id else 0


def product_limit(tenant: Tenant) -> int | None:
    """None means unlimited."""
    return _limit(tenant, "max_products_override", "max_products")


def platform_limit(tenant: Tenant) -> int | None:
    return _limit(tenant, "max_platforms_override", "max_platforms")


def ai_credits_per_month(tenant: Tenant) -> int:
    return _limit(tenant, "ai_credits_override", "ai_credits_per_month") or 0


def ai_credits_per_photo_analysis(tenant: Tenant) -> int:
    if tenant.tier_id:
        return tenant.tier.ai_credits_per_photo_analysis
    return Tier._meta.get_field("ai_credits_per_photo_analysis").default


def check_can_add_products(tenant: Tenant, *, current: int, adding: int = 1) -> None:
    limit = product_limit(tenant)
    if limit is not None and current + adding > limit:
        raise QuotaExceeded(
            _(
                "Your plan allows %(limit)s products and you have %(current)s: %(adding)s more would "
                "go over. Archive or delete products, or move to a larger plan."
            )
            % {"limit": limit, "current": current, "adding": adding}
        )


def check_can_add_platform(tenant: Tenant, *, current: int) -> None:
    limit = platform_limit(tenant)
    if limit is not None and current + 1 > limit:
        raise QuotaExceeded(_("Your plan allows %(limit)s marketplace accounts.") % {"limit": limit})


def _month_start(today: datetime.date | None = None) -> datetime.date:
    return (today or timezone.localdate()).replace(day=1)


def ai_credits_used(tenant: Tenant, month: datetime.date | None = None) -> int:
    row = AiCreditLedger.objects.filter(tenant=tenant, month=_month_start(month)).first()
    return row.used if row else 0


def ai_credits_left(tenant: Tenant) -> int:
    return max(0, ai_credits_per_month(tenant) - ai_credits_used(tenant))


def consume_ai_credits(tenant: Tenant, amount: int = 1) -> int:
    """Take credits for this month or raise QuotaExceeded; returns the credits left."""
    allowance = ai_credits_per_month(tenant)
    with transaction.atomic():
        row, _created = AiCreditLedger.objects.select_for_update().get_or_create(tenant=tenant, month=_month_start())
        if row.used + amount > allowance:
            raise QuotaExceeded(
                _(
                    "You have used your %(allowance)s AI credits for this month. They renew on the 1st, "
                    "or a larger plan gives you more."
                )
                % {"allowance": allowance}
            )
        AiCreditLedger.objects.filter(pk=row.pk).update(used=F("used") + amount)
    return allowance - row.used - amount


def refund_ai_credits(tenant: Tenant, amount: int = 1) -> None:
    AiCreditLedger.objects.filter(tenant=tenant, month=_month_start(), used__gte=amount).update(used=F("used") - amount)
