"""The default database connection as django-tenants makes it: typed.

settings.DATABASES uses django-tenants' backend, whose wrapper adds the schema switching and the
current tenant; Django's stubs describe the stock wrapper, without them.
"""

from typing import TYPE_CHECKING, Protocol, cast

from django.db import connection

if TYPE_CHECKING:
    from .models import Tenant


class TenantConnection(Protocol):
    schema_name: str
    tenant: "Tenant"

    def set_tenant(self, tenant: "Tenant") -> None: ...

    def set_schema_to_public(self) -> None: ...


def tenant_connection() -> TenantConnection:
    return cast(TenantConnection, connection)


def current_schema_name() -> str:
    """The schema the default connection is on (the shop's, or public)."""
    return tenant_connection().schema_name
