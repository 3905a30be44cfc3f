"""Public-schema models: users, shops (tenants), memberships, plans, API tokens.

Everything here lives in the public schema because a user must be found
before any tenant is known.
"""

import uuid
from typing import Any

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tenants.models import DomainMixin, TenantMixin

PUBLIC_SCHEMA = "public"
TEMPLATE_SCHEMA = "tenant_template"


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra: Any) -> "User":
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> "User":
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> "User":
        extra.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **extra)


class User(AbstractUser):
    """A person who signs in with an e-mail address."""

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []
    objects = UserManager()

    def __str__(self):
        return self.email

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A new password (changed, reset, or set by staff) ends every API token of the account:
        # whoever learnt the old password may have minted one. Django's silent hash upgrade at
        # sign-in clears _password before it saves, so it keeps them.
        password_changed = self._password is not None and not self._state.adding
        super().save(*args, **kwargs)
        if password_changed:
            ApiToken.objects.filter(membership__user=self, revoked_at__isnull=True).update(revoked_at=timezone.now())


class Tier(models.Model):
    """A subscription plan. An empty limit means unlimited."""

    code = models.SlugField(max_length=32, unique=True)
    name = models.CharField(max_length=64)
    max_products = models.PositiveIntegerField(null=True, blank=True, help_text=_("Empty = unlimited"))
    max_platforms = models.PositiveIntegerField(null=True, blank=True, help_text=_("Empty = unlimited"))
    ai_credits_per_month = models.PositiveIntegerField(default=0)
    # A photo analysis sends several images (about 765 input tokens each) against ~500 tokens for a
    # text: it costs more than the one credit of a text generation.
    ai_credits_per_photo_analysis = models.PositiveSmallIntegerField(
        default=3, help_text=_("AI credits one analysis of a product's photos takes (a text takes 1)")
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]

    def __str__(self):
        return self.name


class TenantQuerySet(models.QuerySet):
    def shops(self):
        """Real shops: neither the public row nor the migration template."""
        return self.exclude(schema_name__in=(PUBLIC_SCHEMA, TEMPLATE_SCHEMA)).filter(is_template=False)


class Tenant(TenantMixin):
    """A seller's shop, with its own PostgreSQL schema."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("shop name"), max_length=100)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.ACTIVE)
    suspension_reason = models.CharField(max_length=255, blank=True)
    tier = models.ForeignKey(Tier, null=True, blank=True, on_delete=models.PROTECT, related_name="tenants")
    currency = models.CharField(max_length=3, default="EUR")
    # Per-shop overrides of the tier's limits; empty = use the tier's.
    max_products_override = models.PositiveIntegerField(null=True, blank=True)
    max_platforms_override = models.PositiveIntegerField(null=True, blank=True)
    ai_credits_override = models.PositiveIntegerField(null=True, blank=True)
    is_template = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    # Schemas are created by tenants.provisioning in the signup transaction.
    auto_create_schema = False
    auto_drop_schema = False

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


class Domain(DomainMixin):
    """Kept because django-tenants expects one per tenant; requests are routed by membership."""


class Membership(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        ADMIN = "admin", _("Admin")
        MEMBER = "member", _("Member")
        VIEWER = "viewer", _("Viewer")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "tenant"], name="one_membership_per_shop")]
        ordering = ["tenant__name"]

    def __str__(self):
        return f"{self.user} @ {self.tenant} ({self.role})"

    @property
    def can_write(self) -> bool:
        return self.role != self.Role.VIEWER

    @property
    def can_manage(self) -> bool:
        return self.role in (self.Role.OWNER, self.Role.ADMIN)


class Invitation(models.Model):
    """A seat offered to a person who already has an account: theirs only once they accept it."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(max_length=16, choices=Membership.Role.choices)
    invited_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} invited to {self.tenant} ({self.role})"


class ApiToken(models.Model):
    """A per-user API token bound to one membership. Only its hash is stored."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=64)
    prefix = models.CharField(max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class AiCreditLedger(models.Model):
    """AI credits a shop used in one calendar month."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="ai_credit_months")
    month = models.DateField(help_text=_("First day of the month"))
    used = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tenant", "month"], name="one_ledger_row_per_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="ledger_month_is_first_day"),
        ]

    def __str__(self):
        return f"{self.tenant_id} {self.month:%Y-%m}: {self.used}"


class ActAsAudit(models.Model):
    """One row per request a staff member makes while acting as a shop."""

    staff = models.ForeignKey(User, on_delete=models.PROTECT, related_name="act_as_audits")
    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="act_as_audits")
    method = models.CharField(max_length=8)
    path = models.CharField(max_length=512)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at"]
        permissions = [("act_as_tenant", "Can act as a shop to look at its data")]

    def __str__(self):
        return f"{self.staff_id} as {self.tenant_id}: {self.method} {self.path}"


class ShopExport(models.Model):
    """A "download my data" archive, built by a Celery task and kept in the storage for a while."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        BUILDING = "building", _("Building")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="exports")
    requested_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.WAITING)
    progress = models.PositiveSmallIntegerField(default=0)  # percent
    file = models.CharField(max_length=300, blank=True)  # storage name, outside the shop's prefix
    bytes = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.tenant_id} export {self.created_at:%Y-%m-%d %H:%M} ({self.status})"


class ShopErasure(models.Model):
    """The record that a shop was erased, naming no person: what went and what was kept."""

    schema_name = models.CharField(max_length=63)
    erased_at = models.DateTimeField(default=timezone.now)
    members = models.PositiveIntegerField(default=0)
    files = models.PositiveIntegerField(default=0)
    kept = models.JSONField(default=list)  # one sentence per thing kept, and why
    removed = models.JSONField(default=dict)  # public rows about the shop, {kind: count}

    class Meta:
        ordering = ["-erased_at"]

    def __str__(self):
        return f"{self.schema_name} erased {self.erased_at:%Y-%m-%d}"


class SchemaMigrationState(models.Model):
    """The migrations a shop schema was last brought up to, as a fingerprint of the code's leaf nodes.

    `migrate_tenants` compares it with the running code's fingerprint in one query, instead of
    opening every schema's django_migrations table (tenants/migration_state.py).
    """

    tenant = models.OneToOneField(Tenant, on_delete=models.CASCADE, primary_key=True, related_name="migration_state")
    fingerprint = models.CharField(max_length=64)
    migrated_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.tenant_id} at {self.fingerprint[:12]}"
