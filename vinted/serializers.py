"""The extension's export (docs/vinted-api.md §11.7) and the account status it may read back."""

import json
import re

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from . import domains, selectors
from .models import VintedAccount
from .sessions import NEVER_STORED

REQUIRED_COOKIES = ("access_token_web", "datadome", "anon_id")
COOKIE_NAME = re.compile(r"^[A-Za-z0-9_.\-]{1,64}$")
# Cookie values are opaque; refuse only what would break a Cookie header.
COOKIE_VALUE = re.compile(r"^[\x21-\x7e]*$")
MAX_COOKIES = 40
MAX_COOKIE_BYTES = 16_384
MAX_HINTS_BYTES = 2_048
LOCALE = re.compile(r"^[a-z]{2,3}(?:[-_][A-Za-z]{2,4})?$")
UUID = re.compile(r"^[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}$")
# Values we later send as header values: printable ASCII only, so nothing can end a header line.
HEADER_VALUE = re.compile(r"^[\x20-\x7e]*$")
# Client-hint parts are sent inside double quotes (Sec-CH-UA): no quote or backslash either.
HINT_VALUE = re.compile(r"^[\x20-\x21\x23-\x5b\x5d-\x7e]*$")


class SessionExportSerializer(serializers.Serializer):
    domain = serializers.CharField(max_length=200)
    signed_out = serializers.BooleanField(default=False)
    vinted_user_id = serializers.IntegerField(min_value=1, max_value=2**62, required=False, allow_null=True)
    captured_at = serializers.DateTimeField(required=False)
    access_expires_at = serializers.IntegerField(required=False, min_value=0)  # informative; the JWT decides
    cookies = serializers.DictField(
        child=serializers.CharField(max_length=8192, allow_blank=True, trim_whitespace=False),
        write_only=True,
        required=False,
    )
    csrf_token = serializers.CharField(max_length=36, required=False, allow_blank=True, write_only=True)
    anon_id = serializers.CharField(max_length=128, required=False, allow_blank=True, write_only=True)
    user_agent = serializers.CharField(max_length=512, required=False)
    ua_client_hints = serializers.JSONField(required=False)
    locale = serializers.CharField(max_length=16, required=False, allow_blank=True)

    def validate_domain(self, value):
        try:
            return domains.resolve(value).key
        except domains.DomainNotAllowed:
            raise serializers.ValidationError(domains.refusal_message()) from None

    def validate_cookies(self, value):
        if len(value) > MAX_COOKIES:
            raise serializers.ValidationError(_("Too many cookies (at most %(n)s).") % {"n": MAX_COOKIES})
        cookies = {name: v for name, v in value.items() if name not in NEVER_STORED}
        for name, cookie in cookies.items():
            if not COOKIE_NAME.match(name) or not COOKIE_VALUE.match(cookie):
                raise serializers.ValidationError(_("A cookie has an invalid name or value."))
        if sum(len(n) + len(v) for n, v in cookies.items()) > MAX_COOKIE_BYTES:
            raise serializers.ValidationError(_("The cookies are too large."))
        missing = [name for name in REQUIRED_COOKIES if not cookies.get(name)]
        if missing:
            raise serializers.ValidationError(
                _("Missing cookies: %(names)s. Sign in to Vinted in this browser, then try again.")
                % {"names": ", ".join(missing)}
            )
        return cookies

    def validate_csrf_token(self, value):
        if value and not UUID.match(value.lower()):
            raise serializers.ValidationError(_("A CSRF token is a UUID."))
        return value.lower()

    def validate_user_agent(self, value):
        return _header_value(value)

    def validate_anon_id(self, value):
        return _header_value(value)

    def validate_ua_client_hints(self, value):
        if not isinstance(value, dict):
            raise serializers.ValidationError(_("Expected an object."))
        if len(json.dumps(value)) > MAX_HINTS_BYTES:
            raise serializers.ValidationError(_("The client hints are too large."))
        brands = value.get("brands", [])
        if not isinstance(brands, list) or not all(isinstance(b, dict) for b in brands):
            raise serializers.ValidationError(_("Expected a list of brands."))
        parts = [value.get("platform", "")] + [b.get(k, "") for b in brands for k in ("brand", "version")]
        if not all(isinstance(part, str) and HINT_VALUE.match(part) for part in parts):
            raise serializers.ValidationError(_("The client hints contain characters a header cannot carry."))
        return value

    def validate_locale(self, value):
        if value and not LOCALE.match(value):
            raise serializers.ValidationError(_("Expected a locale such as fr-FR."))
        return value

    def validate(self, attrs):
        if attrs["signed_out"]:
            return attrs
        errors = {}
        if "cookies" not in attrs:
            errors["cookies"] = [_("This field is required.")]
        if not attrs.get("user_agent"):
            errors["user_agent"] = [_("This field is required.")]
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


def _header_value(value: str) -> str:
    if not HEADER_VALUE.match(value):
        raise serializers.ValidationError(
            _("Contains characters a header cannot carry (control characters or non-ASCII).")
        )
    return value


class AccountStatusSerializer(serializers.ModelSerializer):
    """Never a secret: no cookie, token or sealed bytes."""

    status = serializers.SerializerMethodField()
    site = serializers.SerializerMethodField()

    class Meta:
        model = VintedAccount
        fields = [
            "public_id",
            "domain",
            "site",
            "vinted_user_id",
            "login",
            "status",
            "status_reason",
            "captured_at",
            "access_expires_at",
            "last_verified_at",
        ]
        read_only_fields = fields

    def get_status(self, account) -> str:
        return selectors.display_status(account)

    def get_site(self, account) -> str:
        return selectors.site_label(account)
