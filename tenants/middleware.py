from django.db import connection
from django.utils.functional import SimpleLazyObject
from django_tenants.utils import get_public_schema_name

from . import access, api_auth, selectors


class MembershipTenantMiddleware:
    """Runs each request in the schema of the signed-in user's shop.

    Placed right after AuthenticationMiddleware. It first goes back to public,
    because a thread may still hold the previous request's schema.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        connection.set_schema_to_public()
        token = api_auth.token_of(request)
        if token is not None:
            # An API call with a token: its membership decides the shop, whatever the session says.
            request.api_token = token
            tenant_access = access.TenantAccess(tenant=token.membership.tenant, membership=token.membership)
        else:
            tenant_access = access.resolve(request)
        request.tenant_access = tenant_access
        # The public row is read only if something asks for it.
        request.tenant = tenant_access.tenant or SimpleLazyObject(selectors.public_tenant)
        if tenant_access.tenant is not None:
            connection.set_tenant(tenant_access.tenant)
        try:
            response = self.get_response(request)
        finally:
            connection.set_schema_to_public()
        if response.streaming and not response.is_async:
            tenant = request.tenant
            if tenant.schema_name != get_public_schema_name():
                response.streaming_content = read_in_schema(tenant, response.streaming_content)
        return response


def read_in_schema(tenant, chunks):
    """A streamed body is read by the server after this middleware has returned (and switched
    back to public): produce each chunk inside the shop's schema, then leave public again."""
    chunks = iter(chunks)
    while True:
        connection.set_tenant(tenant)
        try:
            chunk = next(chunks)
        except StopIteration:
            return
        finally:
            connection.set_schema_to_public()
        yield chunk
