from django import forms
from django.utils.translation import gettext_lazy as _

from . import config


class ConnectForm(forms.Form):
    marketplace = forms.ChoiceField(
        label=_("eBay site"), choices=[(m.id, m.site) for m in config.MARKETPLACES.values()], initial="EBAY_FR"
    )


RETURN_DAYS = [(14, _("14 days")), (30, _("30 days")), (60, _("60 days"))]
RETURN_PAYERS = [("BUYER", _("The buyer")), ("SELLER", _("You"))]
HANDLING_DAYS = [(1, _("1 working day")), (2, _("2 working days")), (3, _("3 working days")), (5, _("5 working days"))]
COUNTRIES = [
    ("FR", _("France")),
    ("BE", _("Belgium")),
    ("DE", _("Germany")),
    ("GB", _("United Kingdom")),
    ("IT", _("Italy")),
    ("ES", _("Spain")),
]


NEW_ONLY = _("Used only for a new policy.")
NEW_ADDRESS_ONLY = _("Used only for a new address.")


class SetupForm(forms.Form):
    """The set-up after connect (ebay/setup.py): each policy chosen among the seller's or created."""

    fulfillment_policy = forms.ChoiceField(label=_("Shipping policy"))
    shipping_cost = forms.DecimalField(
        label=_("Postage the buyer pays"),
        min_value=0,
        max_digits=6,
        decimal_places=2,
        required=False,
        localize=True,
        help_text=NEW_ONLY,
    )
    handling_days = forms.TypedChoiceField(
        label=_("You post within"), choices=HANDLING_DAYS, coerce=int, initial=2, required=False, help_text=NEW_ONLY
    )
    payment_policy = forms.ChoiceField(label=_("Payment policy"))
    return_policy = forms.ChoiceField(label=_("Return policy"))
    return_days = forms.TypedChoiceField(
        label=_("Buyers may return within"),
        choices=RETURN_DAYS,
        coerce=int,
        initial=30,
        required=False,
        help_text=NEW_ONLY,
    )
    return_payer = forms.ChoiceField(
        label=_("Who pays return postage"), choices=RETURN_PAYERS, initial="BUYER", required=False, help_text=NEW_ONLY
    )
    location = forms.ChoiceField(label=_("Where you ship from"))
    postal_code = forms.CharField(label=_("Postcode"), max_length=12, required=False, help_text=NEW_ADDRESS_ONLY)
    city = forms.CharField(label=_("Town"), max_length=64, required=False)
    country = forms.ChoiceField(label=_("Country"), choices=COUNTRIES, required=False)

    def __init__(self, *args, account, choices, **kwargs):
        from . import setup

        super().__init__(*args, **kwargs)
        self.account = account
        shipping = setup.SHIPPING[account.marketplace_id]
        self.fields["shipping_cost"].initial = shipping.cost
        self.fields["country"].initial = setup.COUNTRIES[account.marketplace_id]
        created = {
            "fulfillment": _("New: %(carrier)s, with the postage and delay below") % {"carrier": shipping.carrier},
            "payment": _("New: the buyer pays at once through eBay"),
            "return": _("New: with the return terms below"),
        }
        for kind in setup.KINDS:
            existing = choices.policies[kind]
            self.fields[f"{kind}_policy"].choices = [*existing, (setup.NEW, created[kind])]
            self.fields[f"{kind}_policy"].initial = existing[0][0] if existing else setup.NEW
        self.fields["location"].choices = [*choices.locations, (setup.NEW, _("New: the address below"))]
        self.fields["location"].initial = choices.locations[0][0] if choices.locations else setup.NEW

    def clean(self):
        from . import setup

        data = super().clean()
        if data.get("fulfillment_policy") == setup.NEW and data.get("shipping_cost") is None:
            self.add_error("shipping_cost", _("Enter the postage the buyer pays (0 for free postage)."))
        if data.get("location") == setup.NEW:
            if not data.get("postal_code"):
                self.add_error("postal_code", _("Enter the postcode you ship from."))
            if not data.get("country"):
                self.add_error("country", _("Choose the country you ship from."))
        return data

    def terms(self):
        from . import setup

        data = self.cleaned_data
        return setup.Terms(
            shipping_cost=data.get("shipping_cost") or 0,
            handling_days=data.get("handling_days") or 2,
            return_days=data.get("return_days") or 30,
            return_payer=data.get("return_payer") or "BUYER",
        )
