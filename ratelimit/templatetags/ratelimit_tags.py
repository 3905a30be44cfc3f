"""{% budget_badge source ref %} and {% budget_banner source ref %} for any page of a shop."""

from django import template
from django.conf import settings

from .. import budget as budgets

register = template.Library()


def _budget(context, source, ref, budget):
    if budget is not None:
        return budget
    request = context.get("request")
    return budgets.budget_for(request, source, ref) if request is not None else None


@register.inclusion_tag("ratelimit/partials/badge.html", takes_context=True)
def budget_badge(context, source, ref, budget=None, live_banner=False):
    """A "15/40" badge, refreshed by HTMX; live_banner=True also refreshes the page's banner."""
    return {
        "budget": _budget(context, source, ref, budget),
        "live_banner": live_banner,
        "refresh_seconds": settings.RATELIMIT_BADGE_REFRESH_SECONDS,
    }


@register.inclusion_tag("ratelimit/partials/banner.html", takes_context=True)
def budget_banner(context, source, ref, budget=None):
    """A warning near the limit, a blocking message at it, nothing otherwise."""
    return {"budget": _budget(context, source, ref, budget)}
