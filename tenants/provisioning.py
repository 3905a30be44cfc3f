"""Creating and removing shop schemas.

A new shop's schema is cloned from `tenant_template`, a real tenant row that
`migrate_schemas` keeps fully migrated. Everything a signup creates (user,
shop row, schema, membership) happens in one PostgreSQL transaction: DDL is
transactional there, so a failure at any step leaves nothing behind.
"""

import secrets
from dataclasses import dataclass

from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django_tenants.utils import schema_context, schema_exists

from . import clone, erasure, migration_state
from .models import TEMPLATE_SCHEMA, Domain, Membership, Tenant, Tier, User
from .seeds import DEFAULT_TIER, TIER_PLAN

_BASE32 = "abcdefghijklmnopqrstuvwxyz234567"
_template_checked = False


class TemplateNotReady(RuntimeError):
    """The template schema is missing or behind the code's migrations."""


@dataclass
class ProvisionedShop:
    tenant: Tenant
    owner: User
    membership: Membership


def generate_schema_name() -> str:
    """`t_` and 10 random base32 characters: never derived from user input."""
    return "t_" + "".join(secrets.choice(_BASE32) for _ in range(10))


def ensure_platform_rows() -> None:
    """The rows the platform needs in the public schema: the public tenant and the plans."""
    for position, (code, name, products, platforms, credits) in enumerate(TIER_PLAN):
        Tier.objects.get_or_create(
            code=code,
            defaults=dict(
                name=name,
                max_products=products,
                max_platforms=platforms,
                ai_credits_per_month=credits,
                position=position,
            ),
        )
    Tenant.objects.get_or_create(schema_name="public", defaults={"name": "Public"})


def ensure_template() -> Tenant:
    """Create the template tenant and migrate its schema if it does not exist yet."""
    template, _ = Tenant.objects.get_or_create(
        schema_name=TEMPLATE_SCHEMA, defaults={"name": "Template", "is_template": True}
    )
    if not schema_exists(TEMPLATE_SCHEMA):
        replay_migrations(TEMPLATE_SCHEMA)
        migration_state.record(TEMPLATE_SCHEMA)
    elif not hasattr(template, "migration_state") and template_is_current():
        migration_state.record(TEMPLATE_SCHEMA)  # a template made before migration states were recorded
    return template


def template_is_current() -> bool:
    with schema_context(TEMPLATE_SCHEMA):
        executor = MigrationExecutor(connection)
        return not executor.migration_plan(executor.loader.graph.leaf_nodes())


def check_template() -> None:
    global _template_checked
    if _template_checked:
        return
    if not schema_exists(TEMPLATE_SCHEMA):
        raise TemplateNotReady("The template schema is missing: run `manage.py setup_platform`.")
    if not template_is_current():
        raise TemplateNotReady(
            "The template schema has unapplied migrations: run `manage.py migrate_schemas` before creating shops."
        )
    # Migrations only change with a deploy, which restarts this process.
    _template_checked = True


def replay_migrations(schema_name: str) -> None:
    """Create a schema by running every tenant migration (the slow path)."""
    connection.cursor().execute(f'CREATE SCHEMA "{schema_name}"')
    call_command("migrate_schemas", tenant=True, schema_name=schema_name, interactive=False, verbosity=0)
    connection.set_schema_to_public()


def clone_template(schema_name: str) -> None:
    # The template is current (check_template), so its catalog is that of the code's migrations.
    clone.clone_schema(TEMPLATE_SCHEMA, schema_name, version=migration_state.code_fingerprint())
    connection.set_schema_to_public()
    migration_state.record_clone(TEMPLATE_SCHEMA, schema_name)


def create_shop(*, name: str, tier: Tier | None = None, method: str = "clone") -> Tenant:
    """Create a shop row and its schema. Must run inside a transaction on public."""
    connection.set_schema_to_public()
    if method == "clone":
        check_template()
    tier = tier or Tier.objects.get(code=DEFAULT_TIER)
    tenant = Tenant.objects.create(schema_name=generate_schema_name(), name=name, tier=tier)
    Domain.objects.create(domain=f"{tenant.schema_name}.internal", tenant=tenant, is_primary=True)
    if method == "clone":
        clone_template(tenant.schema_name)
    else:
        replay_migrations(tenant.schema_name)
    return tenant


@transaction.atomic
def provision_shop(
    *, name: str, owner_email: str, password: str | None, tier: Tier | None = None, method: str = "clone"
) -> ProvisionedShop:
    """Create a shop with its owner. An existing user becomes the owner when no password is given."""
    email = owner_email.strip().lower()
    owner = User.objects.filter(email=email).first()
    if owner is None:
        owner = User.objects.create_user(email=email, password=password)
    elif password:
        raise ValueError(f"{email} already has an account; leave the password out to make it the owner.")
    tenant = create_shop(name=name, tier=tier, method=method)
    membership = Membership.objects.create(user=owner, tenant=tenant, role=Membership.Role.OWNER)
    return ProvisionedShop(tenant=tenant, owner=owner, membership=membership)


def delete_shop(tenant: Tenant) -> erasure.Erasure:
    """Erase the shop: schema, public rows, files, cache and limiter keys (tenants/erasure.py)."""
    return erasure.erase_shop(tenant)
