from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import Count
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from stoflow.admin import ReadOnlyAdminMixin

from . import provisioning, quotas, services
from .models import ActAsAudit, AiCreditLedger, ApiToken, Domain, Invitation, Membership, Tenant, Tier, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active", "date_joined"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


@admin.register(Tier)
class TierAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "code",
        "max_products",
        "max_platforms",
        "ai_credits_per_month",
        "ai_credits_per_photo_analysis",
        "position",
    ]
    list_editable = [
        "max_products",
        "max_platforms",
        "ai_credits_per_month",
        "ai_credits_per_photo_analysis",
        "position",
    ]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]
    fields = ["user", "role", "created_at"]
    readonly_fields = ["created_at"]


class DomainInline(admin.TabularInline):
    model = Domain
    extra = 0


class TenantAddForm(forms.ModelForm):
    owner_email = forms.EmailField(
        label=_("Owner's e-mail"),
        help_text=_(
            "An existing account becomes the owner; otherwise one is "
            "created and the owner sets a password with “Forgot password”."
        ),
    )

    class Meta:
        model = Tenant
        fields = ["name", "tier", "currency"]


@admin.register(Tenant)
class TenantAdmin(admin.ModelAdmin):
    list_display = ["name", "schema_name", "status", "tier", "members", "ai_credits_this_month", "created_at"]
    list_filter = ["status", "tier"]
    search_fields = ["name", "schema_name", "memberships__user__email"]
    readonly_fields = ["schema_name", "public_id", "created_at", "ai_credits_this_month"]
    fieldsets = (
        (None, {"fields": ("name", "schema_name", "public_id", "currency", "created_at")}),
        (_("Status"), {"fields": ("status", "suspension_reason")}),
        (
            _("Plan and limits"),
            {
                "fields": (
                    "tier",
                    "max_products_override",
                    "max_platforms_override",
                    "ai_credits_override",
                    "ai_credits_this_month",
                )
            },
        ),
    )
    inlines = [MembershipInline, DomainInline]
    actions = ["suspend_selected", "reactivate_selected"]

    def get_queryset(self, request):
        return super().get_queryset(request).shops().select_related("tier").annotate(member_count=Count("memberships"))

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = TenantAddForm
        return super().get_form(request, obj, **kwargs)

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return ((None, {"fields": ("name", "owner_email", "tier", "currency")}),)
        return super().get_fieldsets(request, obj)

    def get_inlines(self, request, obj):
        return self.inlines if obj else []

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        shop = provisioning.provision_shop(
            name=obj.name, owner_email=form.cleaned_data["owner_email"], password=None, tier=obj.tier
        )
        if obj.currency != shop.tenant.currency:
            Tenant.objects.filter(pk=shop.tenant.pk).update(currency=obj.currency)
        obj.pk, obj.schema_name, obj.public_id = shop.tenant.pk, shop.tenant.schema_name, shop.tenant.public_id
        obj._state.adding = False

    def delete_model(self, request, obj):
        provisioning.delete_shop(obj)

    def delete_queryset(self, request, queryset):
        for tenant in queryset:
            provisioning.delete_shop(tenant)

    @admin.display(description=_("members"), ordering="member_count")
    def members(self, obj):
        return obj.member_count

    @admin.display(description=_("AI credits used this month"))
    def ai_credits_this_month(self, obj):
        if obj is None or obj.pk is None:
            return "-"
        return f"{quotas.ai_credits_used(obj)} / {quotas.ai_credits_per_month(obj)}"

    def get_list_display(self, request):
        # The button needs this request's CSRF token. One ModelAdmin serves every thread, so the
        # token is bound into a column made for this request, never stored on the instance.
        @admin.display(description=_("look inside"))
        def act_as_button(obj):
            url = reverse("tenants:act_as_start", args=[obj.pk])
            return format_html(
                '<form method="post" action="{}" style="margin:0">'
                '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
                '<button type="submit" class="button">{}</button></form>',
                url,
                get_token(request),
                _("Act as"),
            )

        return [*self.list_display, act_as_button]

    @admin.action(description=_("Suspend the selected shops"))
    def suspend_selected(self, request, queryset):
        for tenant in queryset:
            services.suspend(tenant, reason=f"Suspended by {request.user.email}")
        messages.success(request, _("%(count)s shop(s) suspended.") % {"count": queryset.count()})

    @admin.action(description=_("Reactivate the selected shops"))
    def reactivate_selected(self, request, queryset):
        for tenant in queryset:
            services.reactivate(tenant)
        messages.success(request, _("%(count)s shop(s) reactivated.") % {"count": queryset.count()})


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "tenant", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__email", "tenant__name"]
    autocomplete_fields = ["user", "tenant"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "tenant", "role", "invited_by", "created_at", "accepted_at"]
    list_filter = ["role"]
    search_fields = ["email", "tenant__name"]
    readonly_fields = ["tenant", "email", "role", "invited_by", "created_at", "accepted_at"]

    def has_add_permission(self, request):
        return False  # the invited person accepts from their e-mail; staff add members directly


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "prefix", "membership", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "key_hash", "membership", "created_at", "last_used_at"]
    search_fields = ["name", "prefix", "membership__user__email"]

    def has_add_permission(self, request):
        return False  # a key is shown once, to its owner, from the API tokens page


@admin.register(AiCreditLedger)
class AiCreditLedgerAdmin(admin.ModelAdmin):
    list_display = ["tenant", "month", "used"]
    list_filter = ["month"]
    search_fields = ["tenant__name"]


@admin.register(ActAsAudit)
class ActAsAuditAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["at", "staff", "tenant", "method", "path"]
    list_filter = ["tenant"]
    search_fields = ["staff__email", "tenant__name", "path"]
