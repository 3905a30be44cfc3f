from django.contrib import admin

from stoflow.admin import ReadOnlyAdminMixin

from .models import VintedAttempt


@admin.register(VintedAttempt)
class VintedAttemptAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: the log is the limiter's backstop and the record of what was sent to Vinted."""

    list_display = ("reserved_at_ms", "account_key", "method", "path", "outcome", "status_code", "tenant_schema")
    list_filter = ("outcome", "method")
    search_fields = ("account_key", "attempt_id", "tenant_schema")
    ordering = ("-reserved_at_ms",)
