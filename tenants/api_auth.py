"""DRF authentication and permission: the API token's membership decides the shop."""

from django.db import connection
from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions, permissions

from . import access, tokens


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Token <key>` (or `Bearer <key>`)."""

    keywords = ("token", "bearer")

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header or header[0].lower() not in self.keywords:
            return None  # no token: leave the session's shop as the middleware set it
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Invalid token header."))
        connection.set_schema_to_public()
        token = tokens.authenticate(header[1])
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid or revoked API token."))
        membership = token.membership
        tenant_access = access.TenantAccess(tenant=membership.tenant, membership=membership)
        connection.set_tenant(membership.tenant)
        # Set on Django's HttpRequest, which DRF's Request reads through: the tenant middleware (a
        # streamed body is produced in request.tenant's schema) and the audit log (actor_from) see
        # that object, not DRF's wrapper, and DRF gives no other way to it.
        django_request = request._request
        django_request.tenant = membership.tenant
        django_request.tenant_access = tenant_access
        django_request.api_token = token
        return membership.user, token

    def authenticate_header(self, request):
        return "Token"


class TenantSessionAuthentication(authentication.SessionAuthentication):
    """The dashboard's own session; the middleware already chose the shop."""


class IsTenantMember(permissions.BasePermission):
    def has_permission(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return False
        reason = access.denial(request.tenant_access, request.method)
        if reason is not None:
            raise exceptions.PermissionDenied(reason)
        return True
