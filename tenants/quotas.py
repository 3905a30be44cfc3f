"""The quota service other apps call: product counts, platforms, monthly AI credits.

`tenants` knows nothing of products, marketplaces or AI: callers pass their own counts, and each
marketplace registers how many accounts it has connected in the current shop
(`register_platform_counter`), so the plan's platforms limit counts every channel together.
"""

import datetime
from collections.abc import Callable
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


_platform_counters: dict[str, Callable[[], int]] = {}


def register_platform_counter(channel: str, count: Callable[[], int]) -> None:
    """`count()` answers how many of the channel's accounts are connected in the current shop schema.
    Registered from the channel's AppConfig.ready(); registering again replaces the earlier one."""
    _platform_counters[channel] = count


def connected_platforms() -> int:
    """Marketplace accounts connected in the current shop, every channel together."""
    return sum(count() for count in _platform_counters.values())


def _larger_plan(tenant: Tenant, limit: int) -> Tier | None:
    position = tenant.tier.position if tenant.tier_id else -1
    for tier in Tier.objects.filter(position__gt=position).order_by("position"):
        if tier.max_platforms is None or tier.max_platforms > limit:
            return tier
    return None


def check_can_add_platform(tenant: Tenant, *, current: int | None = None) -> None:
    """Raise QuotaExceeded when one more marketplace account would go over the plan's platforms.
    `current` defaults to every channel's connected accounts in the current shop."""
    limit = platform_limit(tenant)
    if limit is None:
        return
    if current is None:
        current = connected_platforms()
    if current + 1 <= limit:
        return
    message = _(
        "Your plan allows %(limit)s marketplace accounts (Vinted and eBay together) and %(current)s are "
        "connected. Disconnect one first, or move to a larger plan."
    ) % {"limit": limit, "current": current}
    larger = _larger_plan(tenant, limit)
    if larger is not None:
        if larger.max_platforms is None:
            message += " " + _("The %(plan)s plan has no limit on accounts.") % {"plan": larger.name}
        else:
            message += " " + _("The %(plan)s plan allows %(limit)s.") % {
                "plan": larger.name,
                "limit": larger.max_platforms,
            }
    raise QuotaExceeded(message)


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
