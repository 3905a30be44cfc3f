"""The weekly summary: each shop's last seven days (sales and margin per currency, Vinted requests
per account) as a notice for the members who want it."""

import datetime
from typing import Any

from django.db.models import Count
from django.utils import timezone
from django_tenants.utils import tenant_context

from tenants.connection import tenant_connection

from .notices import notify
from .outbox.models import Kind


def shop_week(since: datetime.datetime) -> dict[str, list[dict[str, Any]]]:
    from catalog import sales_report
    from vinted.jobs.models import JobEvent

    totals = sales_report.totals(sales_report.filtered(sales_report.SaleFilters(start=timezone.localdate(since))))
    budget = (
        JobEvent.objects.filter(kind=JobEvent.Kind.REQUEST, at__gte=since)
        .order_by()
        .values("job__account__login")
        .annotate(used=Count("pk"))
        .order_by("job__account__login")
    )
    return {
        "totals": [
            {
                "currency": row["currency"],
                "sales": row["sales"],
                "revenue": f"{row['revenue']:.2f}",
                "margin": f"{row['margin']:.2f}",
            }
            for row in totals
        ],
        "budget": [{"login": row["job__account__login"], "used": row["used"]} for row in budget],
    }


def queue_weekly_summaries(now: datetime.datetime | None = None) -> int:
    from tenants.models import Tenant

    since = (now or timezone.now()) - datetime.timedelta(days=7)
    queued = 0
    for tenant in Tenant.objects.shops().filter(status="active"):
        with tenant_context(tenant):
            queued += notify(Kind.WEEKLY_SUMMARY, shop_week(since), tenant=tenant)
    tenant_connection().set_schema_to_public()
    return queued
