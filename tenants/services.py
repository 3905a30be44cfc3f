"""Writes on shops, memberships and accounts."""
import logging
import secrets
import tempfile

from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import erasure, provisioning, shopdata
from .models import Membership, ShopExport, Tenant, Tier, User
from .selectors import export_progress_key

log = logging.getLogger(__name__)


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
    ShopExport.objects.filter(pk=export.pk).update(status=ShopExport.Status.READY, progress=100, file=name,
                                                   bytes=size, finished_at=timezone.now())
    progress_cache.delete(key)


def close_shop(tenant: Tenant) -> erasure.Erasure:
    """The owner's "close my shop": the same erasure as `delete_tenant`."""
    return provisioning.delete_shop(tenant)
