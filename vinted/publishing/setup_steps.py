"""Vinted's steps of the dashboard's first-run checklist (catalog.extensions.SetupStep), each
ticked from the shop's own rows."""

from django.urls import reverse
from django.utils.translation import gettext_lazy

from tenants.models import ApiToken

from ..extension_views import TOKEN_NAME
from ..jobs.models import Listing
from ..models import VintedAccount


def vinted_connected(request) -> bool:
    return VintedAccount.objects.exists()


def extension_in_use(request) -> bool:
    """The extension has called Stoflow with the token it received when its browser was connected."""
    return ApiToken.objects.filter(
        membership__tenant=request.tenant, name=TOKEN_NAME, revoked_at__isnull=True, last_used_at__isnull=False
    ).exists()


def published(request) -> bool:
    return Listing.objects.filter(published_at__isnull=False).exists()


def register() -> None:
    from catalog import extensions

    extensions.register(
        extensions.SetupStep(
            name="vinted_connect",
            label=gettext_lazy("Connect your Vinted account"),
            order=20,
            done=vinted_connected,
            url=lambda request: reverse("vinted:accounts"),
            help=gettext_lazy(
                "Stoflow publishes with your own Vinted session; it never asks for your Vinted password."
            ),
        )
    )
    extensions.register(
        extensions.SetupStep(
            name="vinted_extension",
            label=gettext_lazy("Install the browser extension"),
            order=30,
            done=extension_in_use,
            url=lambda request: reverse("vinted:connect_extension"),
            help=gettext_lazy("In the browser where you use Vinted: it keeps your Vinted session up to date."),
        )
    )
    extensions.register(
        extensions.SetupStep(
            name="vinted_publish",
            label=gettext_lazy("Publish a product on Vinted"),
            order=40,
            done=published,
            url=lambda request: reverse("catalog:list"),
            help=gettext_lazy("Select products in the list, then choose “Publish to Vinted”."),
        )
    )
