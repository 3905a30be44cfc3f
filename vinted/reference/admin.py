from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import CatalogNode, SiteReference


@admin.register(SiteReference)
class SiteReferenceAdmin(admin.ModelAdmin):
    list_display = ("site", "fetched_at", "attempted_at", "last_error", "node_count", "leaf_count", "brand_count")
    readonly_fields = [f.name for f in SiteReference._meta.fields]
    actions = ["refresh_now"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Refresh from Vinted now"))
    def refresh_now(self, request, queryset):
        # A refresh reads a few thousand lookups with pauses between them: the worker does it.
        from ..tasks import refresh_reference_data

        for reference in queryset:
            refresh_reference_data.delay(reference.site)
        self.message_user(
            request,
            _("Refresh queued for %(sites)s; a failure keeps the previous snapshot.")
            % {"sites": ", ".join(r.site for r in queryset)},
        )


@admin.register(CatalogNode)
class CatalogNodeAdmin(admin.ModelAdmin):
    list_display = ("path_en", "vinted_id", "site", "is_leaf", "retired_at")
    list_filter = ("site", "is_leaf", ("retired_at", admin.EmptyFieldListFilter))
    search_fields = ("path_en", "path_fr", "=vinted_id")
    readonly_fields = [f.name for f in CatalogNode._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
