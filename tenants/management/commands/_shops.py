"""Shared lookup for the shop commands: a shop by schema name, public id or exact name."""

import uuid

from django.core.management.base import CommandError

from tenants.models import Tenant


def find_shop(identifier: str) -> Tenant:
    shops = Tenant.objects.shops()
    tenant = shops.filter(schema_name=identifier).first()
    if tenant is None:
        try:
            tenant = shops.filter(public_id=uuid.UUID(identifier)).first()
        except ValueError:  # not a UUID
            tenant = None
    if tenant is None:
        matches = list(shops.filter(name=identifier)[:2])
        if len(matches) > 1:
            raise CommandError(f"Several shops are named {identifier!r}; use the schema name.")
        tenant = matches[0] if matches else None
    if tenant is None:
        raise CommandError(f"No shop matches {identifier!r} (schema name, id or exact name).")
    return tenant
