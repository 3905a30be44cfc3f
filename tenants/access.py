"""Which shop a request runs in, and what it may do there.

The shop always comes from the signed-in user's membership (or a staff
member's audited act-as switch), never from anything the client sends.
"""

import time
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _

from . import selectors
from .models import ActAsAudit, Membership, Tenant

SESSION_TENANT = "tenant_public_id"
SESSION_ACT_AS = "act_as_tenant_id"
SESSION_ACT_AS_UNTIL = "act_as_until"
SESSION_SHOP_CLOSED = "shop_just_closed"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


@dataclass
class TenantAccess:
    tenant: Tenant | None = None
    membership: Membership | None = None
    acting_as: bool = False
    # The user's memberships as read to choose the shop, kept for the header's shop switcher so a
    # page does not read them twice; None when they were not read (act-as, API token).
    memberships: list[Membership] | None = None

    @property
    def can_write(self) -> bool:
        return self.membership is not None and self.membership.can_write and not self.acting_as

    @property
    def can_manage(self) -> bool:
        return self.membership is not None and self.membership.can_manage and not self.acting_as

    @property
    def role(self) -> str | None:
        if self.acting_as:
            return "staff"
        return self.membership.role if self.membership else None


def may_act_as(user) -> bool:
    return user.is_active and user.is_staff and user.has_perm("tenants.act_as_tenant")


def _act_as_tenant(request: HttpRequest) -> Tenant | None:
    tenant_id = request.session.get(SESSION_ACT_AS)
    if not tenant_id:
        return None
    if not may_act_as(request.user) or request.session.get(SESSION_ACT_AS_UNTIL, 0) < time.time():
        stop_acting_as(request)
        return None
    return Tenant.objects.shops().filter(pk=tenant_id).select_related("tier").first()


def resolve(request: HttpRequest) -> TenantAccess:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return TenantAccess()
    acted = _act_as_tenant(request)
    if acted is not None:
        ActAsAudit.objects.create(
            staff=user, tenant=acted, method=request.method[:8], path=request.get_full_path()[:512]
        )
        return TenantAccess(tenant=acted, acting_as=True)
    # One read of every membership: the session's shop if the user still belongs to it, else the first.
    memberships = list(selectors.memberships_of(user))
    chosen = str(request.session.get(SESSION_TENANT) or "")
    membership = next(
        (m for m in memberships if chosen and str(m.tenant.public_id) == chosen),
        memberships[0] if memberships else None,
    )
    if membership is None:
        return TenantAccess(memberships=memberships)
    return TenantAccess(tenant=membership.tenant, membership=membership, memberships=memberships)


def select_tenant(request: HttpRequest, membership: Membership) -> None:
    request.session[SESSION_TENANT] = str(membership.tenant.public_id)


def leave_closed_shop(request: HttpRequest) -> None:
    """The selected shop was just closed. When it was the user's last, the "no shop" page they land on
    next says their shop is closed rather than that they have none yet (once: a later visit is the
    ordinary "no shop" page)."""
    request.session.pop(SESSION_TENANT, None)
    if not selectors.memberships_of(request.user).exists():
        request.session[SESSION_SHOP_CLOSED] = True


def shop_just_closed(request: HttpRequest) -> bool:
    return bool(request.session.pop(SESSION_SHOP_CLOSED, False))


def start_acting_as(request: HttpRequest, tenant: Tenant) -> None:
    if not may_act_as(request.user):
        raise PermissionError("Only staff with the act-as permission may act as a shop.")
    request.session[SESSION_ACT_AS] = tenant.pk
    request.session[SESSION_ACT_AS_UNTIL] = time.time() + settings.ACT_AS_MINUTES * 60
    ActAsAudit.objects.create(staff=request.user, tenant=tenant, method="START", path="act-as started")


def stop_acting_as(request: HttpRequest) -> None:
    request.session.pop(SESSION_ACT_AS, None)
    request.session.pop(SESSION_ACT_AS_UNTIL, None)


def denial(access: TenantAccess, method: str) -> str | None:
    """Why this request may not go on in its shop, or None when it may."""
    if access.tenant is None:
        return _("You are not a member of any shop yet.")
    if not access.tenant.is_active and not access.acting_as:
        return _("This shop is suspended.")
    if method not in SAFE_METHODS and not access.can_write:
        if access.acting_as:
            return _("Acting as a shop is read-only.")
        return _("Your role in this shop lets you look, not change anything. Ask an owner for more access.")
    return None
