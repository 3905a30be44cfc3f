"""Photo pages: upload, reorder, delete, and serving through the current shop only."""
from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from tenants.decorators import tenant_view

from . import photos, selectors


@tenant_view
@require_POST
def photo_upload(request, public_id):
    product = selectors.get_product(public_id)
    added, errors = photos.add_photos(request.tenant, product, request.FILES.getlist("photos"))
    if added:
        messages.success(request, ngettext("%(n)s photo added.", "%(n)s photos added.", len(added))
                         % {"n": len(added)})
    for error in errors:
        messages.error(request, error)
    if not added and not errors:
        messages.error(request, _("Choose at least one photo."))
    return redirect("catalog:detail", public_id=product.public_id)


@tenant_view
@require_POST
def photo_delete(request, photo_id):
    photo = selectors.get_photo(photo_id)
    product = photo.product
    photos.delete_photo(photo)
    messages.success(request, _("Photo deleted."))
    return redirect("catalog:detail", public_id=product.public_id)


@tenant_view
@require_POST
def photo_move(request, photo_id):
    photo = selectors.get_photo(photo_id)
    photos.move(photo, -1 if request.POST.get("direction") == "up" else 1)
    return redirect("catalog:detail", public_id=photo.product.public_id)


@tenant_view
def photo_file(request, photo_id, variant):
    """The shop's schema holds only its own photos, so another shop's id is a 404 here."""
    if variant not in photos.VARIANTS:
        raise Http404("No such variant")
    photo = selectors.get_photo(photo_id)
    try:
        handle = photos.open_variant(photo, variant)
    except FileNotFoundError:
        raise Http404("Photo file missing") from None
    response = FileResponse(handle, content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=86400, immutable"
    return response
