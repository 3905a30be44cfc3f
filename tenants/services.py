"""Writes on shops, memberships and accounts."""

import logging
import secrets
import tempfile
import uuid
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import erasure, provisioning, shopdata, signals
from .models import Invitation, Membership, ShopExport, Tenant, Tier, User
from .selectors import export_progress_key

log = logging.getLogger(__name__)
INVITATION_DAYS = 14


class TeamError(Exception):
    """A team change that is not allowed, with a message for the seller."""


class RoleError(TeamError):
    """The role asked for is not one this person may give."""


def sign_up(*, shop_name: str, email: str, password: str) -> provisioning.ProvisionedShop | None:
    """A visitor's signup: a new user owning a new shop, all or nothing. None when the address
    already has an account: the caller answers exactly as for a new one (and tells that account
    by e-mail), so the form never says which addresses are taken."""
    if User.objects.filter(email__iexact=email.strip()).exists():
        return None
    return provisioning.provision_shop(name=shop_name.strip(), owner_email=email, password=password)


def suspend(tenant: Tenant, reason: str = "") -> None:
    Tenant.objects.filter(pk=tenant.pk).update(status=Tenant.Status.SUSPENDED, suspension_reason=reason[:255])
    tenant.refresh_from_db()


def reactivate(tenant: Tenant) -> None:
    Tenant.objects.filter(pk=tenant.pk).update(status=Tenant.Status.ACTIVE, suspension_reason="")
    tenant.refresh_from_db()


def change_tier(tenant: Tenant, tier: Tier) -> None:
    Tenant.objects.filter(pk=tenant.pk).update(tier=tier)
    tenant.refresh_from_db()


# What an admin may hand out or take back; only owners touch the owner and admin roles.
ADMIN_MANAGES = (Membership.Role.MEMBER, Membership.Role.VIEWER)


def _check_may_grant(actor: Membership, role: str) -> None:
    if role not in Membership.Role.values:
        raise RoleError(_("Unknown role."))
    if actor.role != Membership.Role.OWNER and role not in ADMIN_MANAGES:
        raise RoleError(_("Only an owner can give the owner or admin role."))


def _check_may_change(actor: Membership, target: Membership) -> None:
    if actor.tenant_id != target.tenant_id or not actor.can_manage:
        raise TeamError(_("Only the shop's owners and admins can do this."))
    if actor.role != Membership.Role.OWNER and target.role not in ADMIN_MANAGES:
        raise TeamError(_("Only an owner can change an owner or an admin."))


def assignable_roles(actor: Membership) -> list[str]:
    return list(Membership.Role.values) if actor.role == Membership.Role.OWNER else list(ADMIN_MANAGES)


def may_change(actor: Membership, target: Membership) -> bool:
    try:
        _check_may_change(actor, target)
    except TeamError:
        return False
    return True


@transaction.atomic
def add_member(actor: Membership, *, email: str, role: str) -> Membership | Invitation:
    """Give a person a seat. A new address gets an account and the seat (the caller then sends
    the password-setting e-mail); a person who already has an account gets an Invitation, and the
    seat only when they accept it (the caller sends it)."""
    _check_may_grant(actor, role)
    tenant = actor.tenant
    email = email.strip().lower()
    user = get_user_model().objects.filter(email=email).first()
    if user is None:
        # A random password keeps the account usable for the "choose your password" e-mail.
        user = get_user_model().objects.create_user(email=email, password=secrets.token_urlsafe(32))
        membership = Membership.objects.create(user=user, tenant=tenant, role=role)
        signals.member_added.send(sender=Membership, membership=membership, actor=actor.user)
        return membership
    if Membership.objects.filter(user=user, tenant=tenant).exists():
        raise TeamError(_("%(email)s is already a member of this shop.") % {"email": email})
    Invitation.objects.filter(tenant=tenant, email=email, accepted_at__isnull=True).delete()
    invitation = Invitation.objects.create(tenant=tenant, email=email, role=role, invited_by=actor.user)
    signals.invitation_sent.send(sender=Invitation, invitation=invitation, actor=actor.user)
    return invitation


def pending_invitation(public_id: uuid.UUID | str, user: User) -> Invitation | None:
    """The invitation if it is addressed to this user, not used and not expired."""
    since = timezone.now() - timedelta(days=INVITATION_DAYS)
    return (
        Invitation.objects.select_related("tenant")
        .filter(public_id=public_id, email__iexact=user.email, accepted_at__isnull=True, created_at__gte=since)
        .filter(tenant__in=Tenant.objects.shops())
        .first()
    )


@transaction.atomic
def answer_invitation(invitation: Invitation, user: User, *, accept: bool) -> Membership | None:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None or invitation.email.lower() != user.email.lower():
        raise TeamError(_("This invitation is no longer valid."))
    if not accept:
        signals.invitation_declined.send(sender=Invitation, invitation=invitation, actor=user)
        invitation.delete()
        return None
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    membership, _created = Membership.objects.get_or_create(
        user=user, tenant=invitation.tenant, defaults={"role": invitation.role}
    )
    signals.invitation_accepted.send(sender=Invitation, invitation=invitation, membership=membership, actor=user)
    return membership


def _owners_left_after(membership: Membership) -> int:
    return (
        Membership.objects.filter(tenant=membership.tenant, role=Membership.Role.OWNER)
        .exclude(pk=membership.pk)
        .count()
    )


def _lock_owners(tenant_id: int) -> None:
    # Two owners demoting each other at once must not both see "one owner left".
    list(Membership.objects.select_for_update().filter(tenant_id=tenant_id, role=Membership.Role.OWNER))


@transaction.atomic
def change_role(actor: Membership, membership: Membership, role: str) -> None:
    _lock_owners(membership.tenant_id)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    actor = Membership.objects.get(pk=actor.pk)
    _check_may_change(actor, membership)
    _check_may_grant(actor, role)
    if (
        membership.role == Membership.Role.OWNER
        and role != Membership.Role.OWNER
        and not _owners_left_after(membership)
    ):
        raise TeamError(_("A shop needs at least one owner. Transfer the ownership first."))
    old_role = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    if old_role != role:
        signals.member_role_changed.send(sender=Membership, membership=membership, old_role=old_role, actor=actor.user)


@transaction.atomic
def remove_member(actor: Membership, membership: Membership) -> None:
    _lock_owners(membership.tenant_id)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    actor = Membership.objects.get(pk=actor.pk)
    if actor.pk != membership.pk:  # anyone may leave; removing someone else is managing
        _check_may_change(actor, membership)
    if membership.role == Membership.Role.OWNER and not _owners_left_after(membership):
        raise TeamError(_("A shop needs at least one owner. Transfer the ownership first."))
    signals.member_removed.send(
        sender=Membership, membership=membership, actor=actor.user, by_self=actor.pk == membership.pk
    )
    membership.delete()


# --- a shop's data ---------------------------------------------------------------------------------


def request_export(tenant: Tenant, user: User) -> ShopExport:
    """Queue a "download my data" archive; the worker builds it (tenants.tasks.build_shop_export)."""
    from . import tasks

    export = ShopExport.objects.create(tenant=tenant, requested_by=user)
    transaction.on_commit(lambda: tasks.build_shop_export.delay(tenant.schema_name, export.pk))
    return export


def build_export(export: ShopExport) -> None:
    """Write the archive to the storage, outside the shop's prefix (so it is not exported itself)."""
    ShopExport.objects.filter(pk=export.pk).update(status=ShopExport.Status.BUILDING, progress=0)
    progress_cache, key = caches["shared"], export_progress_key(export)

    def progress(done: int, total: int) -> None:
        progress_cache.set(key, int(100 * done / max(total, 1)), timeout=3600)

    try:
        with tempfile.TemporaryFile() as out:
            shopdata.export_shop(export.tenant, out, progress=progress)
            size = out.tell()
            out.seek(0)
            name = default_storage.save(f"exports/{export.tenant.schema_name}/{export.public_id}.zip", File(out))
    except Exception:
        log.exception("export %s of shop %s failed", export.public_id, export.tenant.schema_name)
        ShopExport.objects.filter(pk=export.pk).update(status=ShopExport.Status.FAILED, finished_at=timezone.now())
        raise
    ShopExport.objects.filter(pk=export.pk).update(
        status=ShopExport.Status.READY, progress=100, file=name, bytes=size, finished_at=timezone.now()
    )
    progress_cache.delete(key)


def close_shop(tenant: Tenant) -> erasure.Erasure:
    """The owner's "close my shop": the same erasure as `delete_tenant`."""
    return provisioning.delete_shop(tenant)


@transaction.atomic
def transfer_ownership(owner: Membership, new_owner: Membership) -> None:
    """The owner hands the shop to another member and stays on as an admin."""
    _lock_owners(owner.tenant_id)
    owner = Membership.objects.select_for_update().get(pk=owner.pk)
    new_owner = Membership.objects.select_for_update().get(pk=new_owner.pk)
    if owner.role != Membership.Role.OWNER:
        raise TeamError(_("Only an owner can transfer the ownership."))
    if new_owner.tenant_id != owner.tenant_id or new_owner.pk == owner.pk:
        raise TeamError(_("Choose another member of this shop."))
    previous_role = new_owner.role
    new_owner.role = Membership.Role.OWNER
    new_owner.save(update_fields=["role"])
    owner.role = Membership.Role.ADMIN
    owner.save(update_fields=["role"])
    signals.ownership_transferred.send(
        sender=Membership, new_owner=new_owner, previous_owner=owner, previous_role=previous_role
    )


def update_profile(user: User, *, first_name: str, last_name: str, email: str) -> None:
    """The signed-in person's own name and sign-in e-mail (checked free by the form)."""
    user.first_name, user.last_name, user.email = first_name.strip(), last_name.strip(), email.strip().lower()
    user.save(update_fields=["first_name", "last_name", "email"])


def rename_shop(tenant: Tenant, name: str) -> None:
    Tenant.objects.filter(pk=tenant.pk).update(name=name.strip())
    tenant.refresh_from_db()
