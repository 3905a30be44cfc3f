"""The badge fragment that HTMX polls to keep a budget badge live."""
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import budget as budgets


@never_cache
@login_required
@require_GET
def badge(request, source, ref):
    # The source's resolver looks ref up inside the current shop only: another shop's ref is a 404.
    budget = budgets.budget_for(request, source, ref)
    if budget is None:
        raise Http404
    return render(request, "ratelimit/partials/badge_fragment.html", {
        "budget": budget, "live_banner": request.GET.get("banner") == "1"})
