"""Figures and chart data of the dashboard panel (products listed per day, units sold per day from the sales)."""

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy

from . import extensions, selectors
from .cache import cached
from .extensions import SetupStep

PERIODS = (7, 30, 90)


def chart(request, days: int, stamp: float) -> dict:
    axis = selectors.day_axis(days)
    listed = cached(f"listed:{days}:{axis[-1]}:{stamp}", lambda: selectors.daily_counts("listed_at", days))
    sold = cached(f"sold:{days}:{axis[-1]}:{stamp}", lambda: selectors.daily_sold(days))
    series = [
        {"key": "listed", "values": [listed.get(day, 0) for day in axis]},
        {"key": "sold", "values": [sold.get(day, 0) for day in axis]},
    ]
    for entry in extensions.chart_series():
        series.append({"key": entry.name, "label": str(entry.label), "values": list(entry.values(request, axis))})
    return {"labels": [formats.date_format(day, "MONTH_DAY_FORMAT") for day in axis], "series": series}


def checklist(request) -> list[dict]:
    """The first-run checklist (catalog's "add a product" step, then the registered ones), or
    nothing once every step is done."""
    steps = [
        SetupStep(
            name="product",
            label=gettext_lazy("Add a product"),
            order=10,
            done=lambda request: selectors.has_products(),
            url=lambda request: reverse("catalog:create"),
            help=gettext_lazy("With its photos: they are what buyers look at first."),
        ),
        *extensions.setup_steps(),
    ]
    rows = [
        {
            "name": step.name,
            "label": step.label,
            "help": step.help,
            "done": bool(step.done(request)),
            "url": step.url(request),
        }
        for step in sorted(steps, key=lambda s: (s.order, s.name))
    ]
    return [] if all(row["done"] for row in rows) else rows


def panel_context(request, days: int) -> dict:
    days = days if days in PERIODS else PERIODS[0]
    # Cached under the data version (bumped by every service write), the latest change (catches
    # writes that bypass the services) and the month (sold this month): never stale for long.
    month = timezone.localdate().strftime("%Y-%m")
    last = selectors.last_change()
    stamp = last.timestamp() if last else 0
    currency = request.tenant.currency
    return {
        "checklist": checklist(request),
        "figures": cached(f"figures:{month}:{currency}:{stamp}", lambda: selectors.dashboard_figures(currency)),
        "days": days,
        "periods": PERIODS,
        "chart": chart(request, days, stamp),
        "currency": request.tenant.currency,
        "cards": [{"label": c.label, "value": c.value(request)} for c in extensions.dashboard_cards()],
    }
