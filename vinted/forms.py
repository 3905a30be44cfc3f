from django import forms
from django.utils.translation import gettext_lazy as _

from . import domains
from .models import PricingRule


class PricingRuleForm(forms.ModelForm):
    class Meta:
        model = PricingRule
        fields = ["markup_percent", "rounding", "floor_price"]
        widgets = {
            "markup_percent": forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
            "floor_price": forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
        }


class SandboxConnectForm(forms.Form):
    site = forms.ChoiceField(label=_("Sandbox site"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].choices = [(s.key, s.label) for s in domains.sandbox_sites()]
