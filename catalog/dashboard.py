"""Figures and chart data of the dashboard panel (products listed and sold per day)."""
from django.utils import formats

from . import extensions, selectors

PERIODS = (7, 30, 90)


def chart(request, days: int) -> dict:
    axis = selectors.day_axis(days)
    listed = selectors.daily_counts("listed_at", days)
    sold = selectors.daily_counts("sold_at", days)
    series = [{"key": "listed", "values": [listed.get(day, 0) for day in axis]},
              {"key": "sold", "values": [sold.get(day, 0) for day in axis]}]
    for entry in extensions.chart_series():
        series.append({"key": entry.name, "label": str(entry.label), "values": list(entry.values(request, axis))})
    return {"labels": [formats.date_format(day, "SHORT_DATE_FORMAT") for day in axis], "series": series}


def panel_context(request, days: int) -> dict:
    days = days if days in PERIODS else PERIODS[0]
    return {"figures": selectors.dashboard_figures(), "days": days, "periods": PERIODS,
            "chart": chart(request, days), "currency": request.tenant.currency,
            "cards": [{"label": c.label, "value": c.value(request)} for c in extensions.dashboard_cards()]}
