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


class PhotoDraftForm(ProductForm):
    """The product fields a photo draft proposes, checked and corrected by the seller; the photos
    come from the draft, so the form has no file field."""

    photos = None

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
