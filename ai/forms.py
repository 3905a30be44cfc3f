from django import forms
from django.utils.translation import gettext_lazy as _

from catalog.forms import ProductForm

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


class PhotoUploadForm(forms.Form):
    """Only the options: the photos are read from request.FILES["photos"] (several files)."""

    language = forms.ChoiceField(label=_("Language of the listing"), choices=list(LANGUAGES.items()))
    hint = forms.CharField(
        label=_("What is it? (optional)"),
        required=False,
        max_length=100,
        help_text=_("A few words such as “jean jacket” help choose the category."),
    )


# The fields read off the photos, by proposal name, and the product form field each one fills.
PROPOSED_FIELDS = {
    "category": "category",
    "brand": "brand_name",
    "size": "size",
    "colours": "colours",
    "materials": "materials",
    "condition": "condition",
    "flaws": "seller_notes",
}


class PhotoDraftForm(ProductForm):
    """The product fields a photo draft proposes, checked and corrected by the seller; the photos
    come from the draft, so the form has no file field.

    Each field the photos filled in has its own "confirm" box: the product is saved only when every
    such field is either confirmed or corrected (its value changed), so nothing read off a photo is
    taken without the seller having looked at it."""

    photos = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.proposed = [name for name, field in PROPOSED_FIELDS.items() if self.initial.get(field)]
        for name in self.proposed:
            self.fields[confirm_name(name)] = forms.BooleanField(
                label=_("Confirm"), required=False, widget=forms.CheckboxInput(attrs={"data-confirm": name})
            )

    def clean(self):
        cleaned = super().clean()
        changed = set(self.changed_data)
        for name in self.proposed:
            field = PROPOSED_FIELDS[name]
            if field in changed or self.cleaned_data.get(confirm_name(name)) or field in self.errors:
                continue
            self.add_error(field, _("Confirm this value or correct it."))
        return cleaned

    def unconfirmed(self) -> list[str]:
        """Proposal names still waiting for the seller (after validation)."""
        return [name for name in self.proposed if PROPOSED_FIELDS[name] in self.errors]

    class Meta(ProductForm.Meta):
        fields = [
            "sku",
            "title",
            "description",
            "price",
            "brand_name",
            "category",
            "size",
            "condition",
            "colours",
            "materials",
            "package_size",
            "seller_notes",
            "status",
        ]


def confirm_name(proposal_name: str) -> str:
    return f"confirm_{proposal_name}"
