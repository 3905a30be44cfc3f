"""DRF authentication and permission: the API token's membership decides the shop."""

from django.http import HttpRequest
from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions, permissions

from . import access, tokens
from .models import ApiToken

KEYWORDS = ("token", "bearer")
API_PREFIX = "/api/"


def token_keyword_used(request: HttpRequest) -> bool:
    """Whether the request sends `Authorization: Token <key>` (or `Bearer <key>`) to the API."""
    header = authentication.get_authorization_header(request).decode("latin-1").split()
    return request.path.startswith(API_PREFIX) and bool(header) and header[0].lower() in KEYWORDS


def token_of(request: HttpRequest) -> ApiToken | None:
    """The live API token the request carries to the API, or None (none sent, malformed, unknown or
    revoked). Read by the tenant middleware, which then runs the request in the token's shop."""
    if not token_keyword_used(request):
        return None
    header = authentication.get_authorization_header(request).decode("latin-1").split()
    return tokens.authenticate(header[1]) if len(header) == 2 else None


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Token <key>` (or `Bearer <key>`). The tenant middleware has already read the
    token (token_of) and chosen its shop; this tells DRF who the user is, or refuses a bad token."""

    def authenticate(self, request):
        if not token_keyword_used(request):
            return None  # no token: the session's shop, as the middleware set it
        token = getattr(request, "api_token", None)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid or revoked API token."))
        return token.membership.user, token

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
