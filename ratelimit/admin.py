from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import policies
from .models import OverrideWindow, PolicyOverride


class WindowFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        kept = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        if not kept:
            raise ValidationError(_("An override needs at least one window."))


class OverrideWindowInline(admin.TabularInline):
    model = OverrideWindow
    formset = WindowFormSet
    extra = 1


class PolicyOverrideForm(forms.ModelForm):
    class Meta:
        model = PolicyOverride
        fields = ["policy_name", "scope", "ref", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        names = policies.registered_policies()
        current = self.instance.policy_name
        choices = [(n, n) for n in sorted(set(names) | ({current} if current else set()))]
        self.fields["policy_name"] = forms.ChoiceField(label=_("policy"), choices=choices)


@admin.register(PolicyOverride)
class PolicyOverrideAdmin(admin.ModelAdmin):
    form = PolicyOverrideForm
    inlines = [OverrideWindowInline]
    list_display = ["policy_name", "scope", "ref", "windows_display", "note", "updated_at"]
    list_filter = ["policy_name", "scope"]
    search_fields = ["ref", "note"]

    @admin.display(description=_("windows"))
    def windows_display(self, obj):
        return ", ".join(f"{w.limit}/{w.seconds}s" for w in obj.windows.all())
