from django.conf import settings


def tenancy(request):
    tenant_access = getattr(request, "tenant_access", None)
    memberships = []
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        memberships = getattr(tenant_access, "memberships", None)
        if memberships is None:
            from .selectors import memberships_of

            memberships = list(memberships_of(user))
    return {
        "tenant_access": tenant_access,
        "current_tenant": tenant_access.tenant if tenant_access else None,
        "user_memberships": memberships,
        "act_as_minutes": settings.ACT_AS_MINUTES,
    }
