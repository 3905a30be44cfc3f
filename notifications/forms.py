from django import forms
from django.utils.translation import gettext_lazy as _

from .models import EVENTS
from .outbox.models import Kind


class EmailChoicesForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label=_("E-mail me when"), choices=Kind.choices, required=False, widget=forms.CheckboxSelectMultiple
    )


class EndpointForm(forms.Form):
    url = forms.URLField(
        label=_("URL"),
        max_length=500,
        assume_scheme="https",
        help_text=_("Public http(s) address; we sign every request with this endpoint's secret."),
    )
    events = forms.MultipleChoiceField(
        label=_("Events"), choices=[(e, e) for e in EVENTS], widget=forms.CheckboxSelectMultiple
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)
