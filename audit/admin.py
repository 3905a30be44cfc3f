from django.contrib import admin
from django.db import connection
from django_tenants.utils import get_public_schema_name

from stoflow.admin import ReadOnlyAdminMixin

from .models import Entry


@admin.register(Entry)
class EntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only (the mixin). The log is in each shop's schema: staff see a shop's while acting as it."""

    list_display = ("at", "actor_label", "action", "object_type", "object_label", "via", "ip")
    list_filter = ("via",)  # an action filter would list values from public, where the table is not
    search_fields = ("actor_label", "object_label", "object_id")

    def get_queryset(self, request):
        if connection.schema_name == get_public_schema_name():
            return Entry.objects.none()
        return super().get_queryset(request)
