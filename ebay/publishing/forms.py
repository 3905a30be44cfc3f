from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import PricingRule


class PricingRuleForm(forms.ModelForm):
    class Meta:
        model = PricingRule
        fields = ["markup_percent", "rounding", "floor_price"]

    def clean_markup_percent(self):
        value = self.cleaned_data["markup_percent"]
        if value < -90 or value > 1000:
            raise forms.ValidationError(_("Choose a markup between -90 % and 1000 %."))
        return value

    def clean_floor_price(self):
        value = self.cleaned_data["floor_price"]
        if value is not None and value < 0:
            raise forms.ValidationError(_("The floor price cannot be negative."))
        return value


class CategoryChoiceForm(forms.Form):
    ebay_category_id = forms.RegexField(
        label=_("eBay category id"),
        regex=r"^[0-9]{1,12}$",
        error_messages={"invalid": _("An eBay category id is a number, e.g. 11554.")},
    )
