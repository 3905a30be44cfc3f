"""The shop's audit log page."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from tenants.decorators import tenant_view

from . import log as log_rows
from .forms import AuditFilterForm


@tenant_view
def log(request):
    """Who changed what in the shop: owners and admins, and staff acting as the shop."""
    tenant_access = request.tenant_access
    if not (tenant_access.can_manage or tenant_access.acting_as):
        return render(
            request,
            "tenants/forbidden.html",
            {"reason": _("Only the shop's owners and admins can see the audit log.")},
            status=403,
        )
    form = AuditFilterForm(
        request.GET, actors=log_rows.actor_choices(request.tenant), actions=log_rows.action_choices()
    )
    if not form.is_valid():
        return render(request, "audit/log.html", {"form": form, "log": None}, status=400)
    data = form.cleaned_data
    rows = log_rows.page(request.tenant, actor_id=data["actor"], action=data["action"], before=data["before"])
    next_query = None
    if rows.next_before is not None:
        query = request.GET.copy()
        query["before"] = rows.next_before.isoformat()
        next_query = query.urlencode()
    return render(request, "audit/log.html", {"form": form, "log": rows, "next_query": next_query})
