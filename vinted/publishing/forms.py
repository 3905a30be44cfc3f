"""Forms of the publication pages. Accounts and products are looked up in the current shop only."""

from django import forms
from django.utils.translation import gettext_lazy as _

from catalog import selectors as catalog_selectors

from .. import selectors
from ..models import VintedAccount

MAX_PRODUCTS = 50


class AccountChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, account):
        return f"{account.login or account.vinted_user_id} · {selectors.site_label(account)}"


def usable_accounts():
    return selectors.accounts().exclude(status=VintedAccount.Status.DISCONNECTED)


class PublishForm(forms.Form):
    """The products to publish (public ids) and the account to publish them on."""

    account = AccountChoiceField(
        queryset=VintedAccount.objects.none(),
        to_field_name="public_id",
        label=_("Vinted account"),
        empty_label=None,
        error_messages={"invalid_choice": _("Choose one of your connected Vinted accounts.")},
    )
    product = forms.Field(
        widget=forms.MultipleHiddenInput,
        label=_("Products"),
        error_messages={"required": _("Select at least one product.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = usable_accounts()

    def clean_product(self):
        ids = list(dict.fromkeys(str(v) for v in self.cleaned_data["product"]))
        if len(ids) > MAX_PRODUCTS:
            raise forms.ValidationError(_("Select at most %(max)s products at a time.") % {"max": MAX_PRODUCTS})
        # Only the current shop's schema is searched: another shop's id is simply not found.
        products = list(catalog_selectors.by_public_ids(ids).filter(deleted_at__isnull=True))
        if len(products) != len(ids):
            raise forms.ValidationError(_("A selected product does not exist or was deleted."), code="not_found")
        order = {pid: index for index, pid in enumerate(ids)}
        return sorted(products, key=lambda p: order[str(p.public_id)])
