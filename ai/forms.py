from django import forms
from django.utils.translation import gettext_lazy as _

from .languages import LANGUAGES
from .options import LENGTHS, TONES


class OptionsForm(forms.Form):
    prefix = "ai"
    language = forms.ChoiceField(label=_("Language"), choices=list(LANGUAGES.items()))
    tone = forms.ChoiceField(label=_("Tone"), choices=list(TONES.items()), initial="friendly")
    length = forms.ChoiceField(label=_("Length"), choices=list(LENGTHS.items()), initial="medium")


class AcceptForm(forms.Form):
    """The seller may edit the text before it goes into the product."""

    prefix = "ai"
    title = forms.CharField(label=_("Title"), max_length=100)
    description = forms.CharField(label=_("Description"), max_length=2000, widget=forms.Textarea(attrs={"rows": 10}))
