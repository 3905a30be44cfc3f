"""The audit log page's filters."""

from django import forms
from django.utils.translation import gettext_lazy as _


class AuditFilterForm(forms.Form):
    """The audit log's filters; `before` is where the previous page ended."""

    actor = forms.TypedChoiceField(label=_("Who"), coerce=int, required=False, empty_value=None)
    action = forms.ChoiceField(label=_("Action"), required=False)
    before = forms.DateTimeField(required=False, widget=forms.HiddenInput)

    def __init__(self, data, *, actors, actions):
        super().__init__(data)
        self.fields["actor"].choices = [("", _("Everyone"))] + [(str(pk), label) for pk, label in actors]
        self.fields["action"].choices = [("", _("All actions"))] + list(actions)
