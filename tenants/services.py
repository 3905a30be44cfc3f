"""Writes on shops, memberships and accounts."""
import secrets

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from . import provisioning
from .models import Membership, Tenant, Tier, User


class TeamError(Exception):
    """A team change that is not allowed, with a message for the seller."""


def sign_up(*, shop_name: str, email: str, password: str) -> provisioning.ProvisionedShop:
    """A visitor's signup: a new user owning a new shop, all or nothing."""
    if User.objects.filter(email__iexact=email.strip()).exists():
        raise TeamError(_("An account with this e-mail address already exists."))
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


@transaction.atomic
def add_member(tenant: Tenant, *, email: str, role: str) -> tuple[Membership, bool]:
    """Give a person a seat. Returns the membership and whether a new account was created
    (the caller then sends the password-setting e-mail)."""
    if role not in Membership.Role.values:
        raise TeamError(_("Unknown role."))
    email = email.strip().lower()
    user = get_user_model().objects.filter(email=email).first()
    created = user is None
    if created:
        # A random password keeps the account usable for the "choose your password" e-mail.
        user = get_user_model().objects.create_user(email=email, password=secrets.token_urlsafe(32))
    elif Membership.objects.filter(user=user, tenant=tenant).exists():
        raise TeamError(_("%(email)s is already a member of this shop.") % {"email": email})
    return Membership.objects.create(user=user, tenant=tenant, role=role), created


def _owners_left_after(membership: Membership) -> int:
    return (Membership.objects.filter(tenant=membership.tenant, role=Membership.Role.OWNER)
            .exclude(pk=membership.pk).count())


@transaction.atomic
def change_role(membership: Membership, role: str) -> None:
    if role not in Membership.Role.values:
        raise TeamError(_("Unknown role."))
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.role == Membership.Role.OWNER and role != Membership.Role.OWNER \
            and not _owners_left_after(membership):
        raise TeamError(_("A shop needs at least one owner."))
    membership.role = role
    membership.save(update_fields=["role"])


@transaction.atomic
def remove_member(membership: Membership) -> None:
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.role == Membership.Role.OWNER and not _owners_left_after(membership):
        raise TeamError(_("A shop needs at least one owner."))
    membership.delete()


def update_profile(user: User, *, first_name: str, last_name: str, email: str) -> None:
    """The signed-in person's own name and sign-in e-mail (checked free by the form)."""
    user.first_name, user.last_name, user.email = first_name.strip(), last_name.strip(), email.strip().lower()
    user.save(update_fields=["first_name", "last_name", "email"])


def rename_shop(tenant: Tenant, name: str) -> None:
    Tenant.objects.filter(pk=tenant.pk).update(name=name.strip())
    tenant.refresh_from_db()
