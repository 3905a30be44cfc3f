"""Stoflow's "Connect the extension" page and the one-click handshake with the browser extension.

The page (a signed-in seller) asks for a dedicated API token by POST and hands it to the
extension through window.postMessage; the extension's bridge on this origin relays it. Without
the extension (or without JavaScript) the same POST shows the token once, to paste in its options.
"""

from django.contrib import messages
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from tenants import tokens
from tenants.decorators import tenant_view

from . import extension_packages

TOKEN_NAME = "Browser extension"


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _context(new_key) -> dict:
    return {"new_key": new_key, "extension": extension_packages.offer()}


@tenant_view
@never_cache
def connect(request):
    return render(request, "vinted/connect_extension.html", _context(None))


@tenant_view
@require_POST
@never_cache
def create_token(request):
    """A token of the signed-in member (the shop comes from their membership, as always)."""
    try:
        _token, key = tokens.create(request.tenant_access.membership, TOKEN_NAME)
    except tokens.TooManyTokens as error:
        if _wants_json(request):
            return JsonResponse({"detail": str(error)}, status=409)
        messages.error(request, str(error))
        return render(request, "vinted/connect_extension.html", _context(None), status=409)
    if _wants_json(request):
        return JsonResponse({"token": key, "shop_name": request.tenant_access.tenant.name}, status=201)
    return render(request, "vinted/connect_extension.html", _context(key), status=201)


@tenant_view
def download(request, browser):
    """The package built for this site; the same for every shop, but only for signed-in members."""
    try:
        path = extension_packages.package(browser)
    except extension_packages.ExtensionUnavailable as error:
        raise Http404("The extension is not part of this installation.") from error
    response = FileResponse(
        path.open("rb"), as_attachment=True, filename=path.name, content_type=extension_packages.CONTENT_TYPES[browser]
    )
    response["Cache-Control"] = "private, no-cache"
    return response


urlpatterns = [
    path("download/chrome/", download, {"browser": "chrome"}, name="extension_download_chrome"),
    path("download/firefox/", download, {"browser": "firefox"}, name="extension_download_firefox"),
    path("connect/", connect, name="connect_extension"),
    path("connect/token/", create_token, name="extension_token"),
]
