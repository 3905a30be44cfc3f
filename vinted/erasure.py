"""What an erased shop leaves in vinted's public tables (subscribed to tenants.signals.shop_erasing)."""

from channels import jobs, polls
from tenants.signals import Cleanup

from .jobs.models import Job
from .ledger.models import VintedAttempt


def on_shop_erasing(sender, *, schema_name: str, **kwargs) -> Cleanup:
    removed = {
        "Vinted jobs waiting": jobs.forget_shop(Job.CHANNEL, schema_name),
        "Vinted sync schedule": polls.drop(Job.CHANNEL, schema=schema_name),
    }
    # The attempts log counts against the Vinted account's budget, which another shop connecting the
    # same account shares, and the limiter rebuilds its window from it: keep the rows, without the
    # shop or the request path (which names the shop's items).
    kept = VintedAttempt.objects.filter(tenant_schema=schema_name).update(tenant_schema="", path="")
    if not kept:
        return Cleanup(removed=removed)
    return Cleanup(
        removed=removed,
        kept=f"{kept} Vinted request-log rows, without shop or path: the Vinted account's request budget counts them.",
    )
