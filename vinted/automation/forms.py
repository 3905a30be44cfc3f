from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AutomationRule

WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


class RuleForm(forms.ModelForm):
    days = forms.TypedMultipleChoiceField(
        label=_("Days"), choices=WEEKDAYS, coerce=int, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = AutomationRule
        fields = [
            "kind",
            "mode",
            "is_active",
            "days",
            "start_time",
            "end_time",
            "daily_cap",
            "min_age_days",
            "max_favourites",
            "repost_gap_days",
            "drop_percent",
            "drop_amount",
            "floor_price",
            "max_drops",
        ]
        widgets = {
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }
        help_texts = {
            "max_favourites": _("Repost: leave empty for any number."),
            "drop_percent": _("Price drop: a percentage or an amount."),
            "floor_price": _("Price drop: the price never goes under this."),
        }
