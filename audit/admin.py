from django.contrib import admin
from django.db import connection
from django_tenants.utils import get_public_schema_name

from .models import Entry


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    """Read-only. The log is in each shop's schema: staff see a shop's while acting as it."""

    list_display = ("at", "actor_label", "action", "object_type", "object_label", "via", "ip")
    list_filter = ("via",)  # an action filter would list values from public, where the table is not
    search_fields = ("actor_label", "object_label", "object_id")

    def get_queryset(self, request):
        if connection.schema_name == get_public_schema_name():
            return Entry.objects.none()
        return super().get_queryset(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
