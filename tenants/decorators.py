"""Guards for views that work inside a shop."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .access import denial


def tenant_view(view=None, *, manage: bool = False):
    """Login required, a shop selected, not suspended; unsafe methods need a writing role.

    `manage=True` also requires the owner or admin role (team, settings).
    """

    def decorate(func):
        @login_required
        @wraps(func)
        def wrapped(request, *args, **kwargs):
            tenant_access = request.tenant_access
            if tenant_access.tenant is None:
                return redirect("tenants:no_shop")
            reason = denial(tenant_access, request.method)
            if reason is None and manage and request.method not in ("GET", "HEAD") and not tenant_access.can_manage:
                reason = _("Only the shop's owners and admins can do this.")
            if reason is not None:
                template = (
                    "tenants/suspended.html"
                    if not tenant_access.tenant.is_active and not tenant_access.acting_as
                    else "tenants/forbidden.html"
                )
                return render(request, template, {"reason": reason}, status=403)
            return func(request, *args, **kwargs)

        wrapped.tenant_view = True
        return wrapped

    return decorate(view) if view is not None else decorate
