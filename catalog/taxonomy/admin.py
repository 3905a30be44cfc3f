from django.contrib import admin

from .models import Brand, Category, Colour, Condition, Material, PackageSize, Size, SizeGroup
from .services import refresh_search_text


class TaxonomyAdmin(admin.ModelAdmin):
    """Values are deactivated, never deleted: every shop's products may point at them."""

    list_display = ("name_en", "name_fr", "external_ids", "position", "is_active")
    list_editable = ("position", "is_active")
    search_fields = ("name_en", "name_fr")
    list_filter = ("is_active",)

    def has_delete_permission(self, request, obj=None):
        return False


class SizeInline(admin.TabularInline):
    model = Size
    fields = ("name_en", "name_fr", "external_ids", "position", "is_active")
    extra = 0
    can_delete = False


@admin.register(SizeGroup)
class SizeGroupAdmin(TaxonomyAdmin):
    inlines = [SizeInline]


@admin.register(Category)
class CategoryAdmin(TaxonomyAdmin):
    list_display = ("name_en", "name_fr", "parent", "is_leaf", "external_ids", "position", "is_active")
    list_filter = ("is_leaf", "is_active", "size_groups")
    autocomplete_fields = ("parent",)
    filter_horizontal = ("size_groups",)
    list_select_related = ("parent",)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # A new or renamed category changes its own path and its children's: the type-ahead reads them.
        refresh_search_text()


@admin.register(Colour)
class ColourAdmin(TaxonomyAdmin):
    list_display = ("name_en", "name_fr", "code", "hex", "external_ids", "position", "is_active")


for model in (Brand, Condition, Material, PackageSize, Size):
    admin.site.register(model, TaxonomyAdmin)
