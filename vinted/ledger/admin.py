from django.contrib import admin

from .models import VintedAttempt


@admin.register(VintedAttempt)
class VintedAttemptAdmin(admin.ModelAdmin):
    """Read-only: the log is the limiter's backstop and the record of what was sent to Vinted."""

    list_display = ("reserved_at_ms", "account_key", "method", "path", "outcome", "status_code", "tenant_schema")
    list_filter = ("outcome", "method")
    search_fields = ("account_key", "attempt_id", "tenant_schema")
    ordering = ("-reserved_at_ms",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
