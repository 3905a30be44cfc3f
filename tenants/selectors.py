"""Reads about shops, memberships and the request's tenant."""

import uuid
from datetime import datetime

from django.core.cache import caches
from django.db.models import QuerySet

from .models import PUBLIC_SCHEMA, ActAsAudit, ApiToken, Membership, ShopExport, Tenant, User


def public_tenant() -> Tenant:
    return Tenant.objects.filter(schema_name=PUBLIC_SCHEMA).first() or Tenant(schema_name=PUBLIC_SCHEMA, name="Public")


def memberships_of(user: User) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user, tenant__is_template=False)
        .exclude(tenant__schema_name=PUBLIC_SCHEMA)
        .select_related("tenant", "tenant__tier")
        .order_by("created_at", "pk")
    )


def membership_for(user: User, tenant_public_id: uuid.UUID | str | None) -> Membership | None:
    """The user's membership in a shop, or None: the only way a shop is chosen."""
    if not tenant_public_id:
        return None
    return memberships_of(user).filter(tenant__public_id=tenant_public_id).first()


def members_of(tenant: Tenant) -> QuerySet[Membership]:
    return Membership.objects.filter(tenant=tenant).select_related("user").order_by("created_at", "pk")


def api_tokens_of(membership: Membership) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(membership=membership).order_by("-created_at")


def export_progress_key(export: ShopExport) -> str:
    # The export reads in one read-only transaction, so its progress is told through the cache.
    return f"shop-export-progress:{export.public_id}"


def exports_of(tenant: Tenant) -> list[ShopExport]:
    """The shop's recent data exports, with the progress of those being built."""
    exports = list(ShopExport.objects.filter(tenant=tenant).order_by("-created_at")[:5])
    for export in exports:
        if export.status == ShopExport.Status.BUILDING:
            export.progress = caches["shared"].get(export_progress_key(export), export.progress)
    return exports


def act_as_visits(
    tenant: Tenant, *, staff_id: int | None = None, before: datetime | None = None
) -> QuerySet[ActAsAudit]:
    visits = ActAsAudit.objects.filter(tenant=tenant).select_related("staff")
    if staff_id is not None:
        visits = visits.filter(staff_id=staff_id)
    if before is not None:
        visits = visits.filter(at__lt=before)
    return visits.order_by("-at", "-pk")


def act_as_staff(tenant: Tenant) -> list[tuple[int, str]]:
    """(id, e-mail) of the staff who acted as this shop."""
    return list(ActAsAudit.objects.filter(tenant=tenant).values_list("staff_id", "staff__email").distinct().order_by())
