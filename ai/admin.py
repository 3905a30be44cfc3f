"""Staff views of generations. The admin runs in the shop the staff member is in (their own
membership or the audited act-as switch); usage per shop is on the shop list (TenantAdmin)."""

from django.contrib import admin
from django.db import connection
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stoflow.admin import ReadOnlyAdminMixin

from . import selectors
from .models import Generation


@admin.register(Generation)
class GenerationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "created_at",
        "status",
        "provider",
        "model",
        "language",
        "tone",
        "length",
        "cached",
        "tokens_in",
        "tokens_out",
        "cost_eur",
        "saved_cost_eur",
        "duration_ms",
        "error_code",
    ]
    list_filter = ["status", "provider", "cached", "language", "error_code"]
    search_fields = ["public_id", "product_public_id", "cache_key", "request_id"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in Generation._meta.fields]
    change_list_template = "admin/ai/generation/change_list.html"

    def get_urls(self):
        view = self.admin_site.admin_view(self.usage_by_shop_view)
        return [path("usage-by-shop/", view, name="ai_generation_usage_by_shop"), *super().get_urls()]

    def usage_by_shop_view(self, request):
        month_start = timezone.localtime().replace(day=1, hour=0, minute=0, second=0, microsecond=0)
        context = {
            **self.admin_site.each_context(request),
            "title": _("AI usage per shop this month"),
            "rows": selectors.usage_by_shop(month_start),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/ai/generation/usage_by_shop.html", context)

    def get_queryset(self, request):
        if connection.schema_name == "public":  # the table exists only in shop schemas
            return Generation.objects.none()
        return super().get_queryset(request)
