from django.db import connection
from django.utils.functional import SimpleLazyObject

from . import access, selectors


class MembershipTenantMiddleware:
    """Runs each request in the schema of the signed-in user's shop.

    Placed right after AuthenticationMiddleware. It first goes back to public,
    because a thread may still hold the previous request's schema.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        connection.set_schema_to_public()
        tenant_access = access.resolve(request)
        request.tenant_access = tenant_access
        # The public row is read only if something asks for it: an API token replaces it first.
        request.tenant = tenant_access.tenant or SimpleLazyObject(selectors.public_tenant)
        if tenant_access.tenant is not None:
            connection.set_tenant(tenant_access.tenant)
        try:
            response = self.get_response(request)
        finally:
            connection.set_schema_to_public()
        # request.tenant, not tenant_access: an API token's authentication may have set the shop since.
        tenant = request.tenant
        if response.streaming and not isinstance(tenant, SimpleLazyObject) and tenant.schema_name != "public":
            response.streaming_content = _in_schema(tenant, response.streaming_content)
        return response


def _in_schema(tenant, chunks):
    """A streamed body is produced after this middleware returned, while the server writes it out:
    produce it in the shop's schema, and leave the connection on public again afterwards."""
    connection.set_tenant(tenant)
    try:
        yield from chunks
    finally:
        connection.set_schema_to_public()
