from django import forms
from django.utils.translation import gettext_lazy as _

from . import config


class ConnectForm(forms.Form):
    marketplace = forms.ChoiceField(
        label=_("eBay site"), choices=[(m.id, m.site) for m in config.MARKETPLACES.values()], initial="EBAY_FR"
    )
