"""The badge fragment that HTMX polls to keep a budget badge live."""

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import budget as budgets

# htmx stops polling on this status: a badge on a page whose session ended must not swap the
# sign-in page into itself every few seconds.
HTMX_STOP_POLLING = 286


@never_cache
@require_GET
def badge(request, source, ref):
    if not request.user.is_authenticated:
        if request.htmx:
            return HttpResponse(status=HTMX_STOP_POLLING)
        return redirect_to_login(request.get_full_path())
    # The source's resolver looks ref up inside the current shop only: another shop's ref is a 404.
    budget = budgets.budget_for(request, source, ref)
    if budget is None:
        raise Http404
    return render(
        request,
        "ratelimit/partials/badge_fragment.html",
        {"budget": budget, "live_banner": request.GET.get("banner") == "1"},
    )
