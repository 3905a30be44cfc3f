"""What an erased shop leaves in vinted's public tables (subscribed to tenants.signals.shop_erasing)."""

from channels.models import JobDispatch

from .jobs.models import Job
from .ledger.models import SyncSchedule, VintedAttempt


def on_shop_erasing(sender, *, schema_name: str, **kwargs) -> str | None:
    JobDispatch.objects.filter(channel=Job.CHANNEL, tenant_schema=schema_name).delete()
    SyncSchedule.objects.filter(tenant_schema=schema_name).delete()
    # The attempts log counts against the Vinted account's budget, which another shop connecting the
    # same account shares, and the limiter rebuilds its window from it: keep the rows, without the
    # shop or the request path (which names the shop's items).
    kept = VintedAttempt.objects.filter(tenant_schema=schema_name).update(tenant_schema="", path="")
    if not kept:
        return None
    # An operator's record, stored once: not translated.
    return f"{kept} Vinted request-log rows, without shop or path: the Vinted account's request budget counts them."
