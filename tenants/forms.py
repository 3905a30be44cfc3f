from django import forms
from django.contrib.auth import authenticate, password_validation
from django.utils.translation import gettext_lazy as _

from .models import Membership, User


class SignupForm(forms.Form):
    shop_name = forms.CharField(label=_("Shop name"), max_length=100)
    email = forms.EmailField(label=_("E-mail address"))
    password = forms.CharField(label=_("Password"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                               help_text=_("At least 8 characters, not a common password."))

    def clean_shop_name(self):
        name = self.cleaned_data["shop_name"].strip()
        if not name:
            raise forms.ValidationError(_("Give your shop a name."))
        return name

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email=email).exists():
            raise forms.ValidationError(_("An account with this e-mail address already exists. "
                                          "Sign in instead."))
        return email

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password")
        if password:
            try:
                password_validation.validate_password(password, User(email=cleaned.get("email", "")))
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned


class LoginForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    password = forms.CharField(label=_("Password"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))

    def __init__(self, request=None, *args, **kwargs):
        self.request = request
        self.user = None
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        email, password = cleaned.get("email"), cleaned.get("password")
        if email and password:
            self.user = authenticate(self.request, email=email.lower(), password=password)
            if self.user is None:
                raise forms.ValidationError(_("This e-mail address and password do not match."),
                                            code="invalid_login")
        return cleaned


class AddMemberForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices, initial=Membership.Role.MEMBER)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=64,
                           help_text=_("What uses it, e.g. “browser extension” or “stock script”."))


class CloseShopForm(forms.Form):
    shop_name = forms.CharField(label=_("Type the shop's name to confirm"), max_length=100)

    def __init__(self, *args, tenant, **kwargs):
        super().__init__(*args, **kwargs)
        self.tenant = tenant

    def clean_shop_name(self):
        name = self.cleaned_data["shop_name"].strip()
        if name != self.tenant.name.strip():
            raise forms.ValidationError(_("This is not the shop's name: type it exactly as shown."))
        return name
