"""Photo pages: upload, reorder, delete, and serving through the current shop only."""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from tenants.decorators import tenant_view

from . import photos
from .models import PhotoUpload, ProductPhoto
from .shortcuts import get_photo_or_404, get_photo_upload_or_404, get_product_or_404


@tenant_view
@require_POST
def photo_upload(request, public_id):
    product = get_product_or_404(public_id)
    done, errors = photos.add_photos(request.tenant, product, request.FILES.getlist("photos"), defer_large=True)
    added = [photo for photo in done if isinstance(photo, ProductPhoto)]
    waiting = len(done) - len(added)
    if waiting:
        messages.info(
            request,
            ngettext(
                "%(n)s large photo is being processed; it appears here when ready.",
                "%(n)s large photos are being processed; they appear here when ready.",
                waiting,
            )
            % {"n": waiting},
        )
    if added:
        messages.success(request, ngettext("%(n)s photo added.", "%(n)s photos added.", len(added)) % {"n": len(added)})
    for error in errors:
        messages.error(request, error)
    if not done and not errors:
        messages.error(request, _("Choose at least one photo."))
    return redirect("catalog:detail", public_id=product.public_id)


@tenant_view
@require_POST
def photo_delete(request, photo_id):
    photo = get_photo_or_404(photo_id)
    product = photo.product
    photos.delete_photo(photo)
    messages.success(request, _("Photo deleted."))
    return redirect("catalog:detail", public_id=product.public_id)


@tenant_view
@require_POST
def photo_move(request, photo_id):
    photo = get_photo_or_404(photo_id)
    photos.move(photo, -1 if request.POST.get("direction") == "up" else 1)
    return redirect("catalog:detail", public_id=photo.product.public_id)


@tenant_view
def photo_file(request, photo_id, variant):
    """The shop's schema holds only its own photos, so another shop's id is a 404 here."""
    if variant not in photos.VARIANTS:
        raise Http404("No such variant")
    photo = get_photo_or_404(photo_id)
    link = photos.variant_link(photo, variant)
    if link:
        # A presigned link to the private bucket, for this shop's photo only and for minutes.
        response = redirect(link)
        response["Cache-Control"] = "private, no-store"
        return response
    try:
        handle = photos.open_variant(photo, variant)
    except FileNotFoundError:
        raise Http404("Photo file missing") from None
    response = FileResponse(handle, content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=86400, immutable"
    return response


@tenant_view
def photo_uploads(request, public_id):
    """The product page polls this while a large photo is processed; once none is, the page
    reloads to show the new photos (or the reason one was refused)."""
    product = get_product_or_404(public_id, include_deleted=True)
    uploads = list(product.photo_uploads.all())
    if not any(u.status == PhotoUpload.Status.PROCESSING for u in uploads):
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return render(
        request,
        "catalog/partials/photo_uploads.html",
        {
            "product": product,
            "uploads": uploads,
            "uploads_processing": True,
            "can_write": request.tenant_access.can_write,
        },
    )


@tenant_view
@require_POST
def photo_upload_retry(request, upload_id):
    waiting = get_photo_upload_or_404(upload_id)
    if waiting.status == PhotoUpload.Status.FAILED:
        photos.retry_upload(request.tenant, waiting)
    return redirect("catalog:detail", public_id=waiting.product.public_id)


@tenant_view
@require_POST
def photo_upload_delete(request, upload_id):
    waiting = get_photo_upload_or_404(upload_id)
    photos.delete_upload(waiting)
    messages.success(request, _("Photo deleted."))
    return redirect("catalog:detail", public_id=waiting.product.public_id)
