"""Pages of the "new product from photos" flow. Thin: ai.photo_drafts does the work."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from catalog.images import PhotoRejected, read_upload
from catalog.services import QuotaExceeded
from tenants import quotas
from tenants.decorators import tenant_view

from . import catalog_adapter, integration, photo_drafts, provider
from .forms import PROPOSED_FIELDS, PhotoDraftForm, PhotoUploadForm, confirm_name
from .vision import MAX_PHOTOS

CONFIDENT = 0.7  # under this, the field is marked "check this"


def _wants_json(request) -> bool:
    # photos.js uploads with XMLHttpRequest (for the progress bar) and reads the answer as JSON.
    return request.headers.get("X-Requested-With") == "XMLHttpRequest"


def _upload_page(request, form, status=200, error=""):
    return render(
        request,
        "ai/photos_new.html",
        {
            "form": form,
            "error": error,
            "max_photos": MAX_PHOTOS,
            "ai_enabled": provider.is_configured(),
            "credits_per_analysis": quotas.ai_credits_per_photo_analysis(request.tenant),
            "credits_left": quotas.ai_credits_left(request.tenant),
        },
        status=status,
    )


@tenant_view
def photos_new(request):
    if request.method != "POST":
        return _upload_page(request, PhotoUploadForm(initial={"language": integration.default_language()}))
    form = PhotoUploadForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            photos = [read_upload(upload) for upload in request.FILES.getlist("photos")]
            draft = photo_drafts.create_draft(
                photos,
                tenant=request.tenant,
                language=form.cleaned_data["language"],
                hint=form.cleaned_data["hint"],
                user=request.user,
            )
        except (PhotoRejected, photo_drafts.DraftRefused) as refused:
            error = str(refused)
        else:
            url = reverse("ai:photo_draft", kwargs={"draft_id": draft.id})
            return JsonResponse({"redirect": url}) if _wants_json(request) else redirect(url)
    if _wants_json(request):
        errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
        if error:
            errors["photos"] = [error]
        return JsonResponse({"errors": errors}, status=400)
    return _upload_page(request, form, status=400, error=error)


def _evidence(name: str, photos: list[int]) -> str:
    if not photos:
        return ""
    numbers = ", ".join(str(n) for n in photos)
    where = {
        "brand": _("label or logo"),
        "size": _("size tag"),
        "materials": _("care label"),
    }.get(name)
    if where:
        return _("%(where)s, photo %(numbers)s") % {"where": where, "numbers": numbers}
    return _("photo %(numbers)s") % {"numbers": numbers}


def _rows(draft, form) -> list[dict]:
    """One row per proposed field: what the photos gave, how sure, where it was read."""
    proposal = draft.proposal
    category = catalog_adapter.category_of(proposal.get("category_id"))
    labels = {
        "category": _("Category"),
        "brand": _("Brand"),
        "size": _("Size"),
        "colours": _("Colours"),
        "materials": _("Materials"),
        "condition": _("Condition"),
        "flaws": _("Visible flaws"),
    }
    rows = [
        {
            "name": "category",
            "label": labels["category"],
            "value": category.path() if category else "",
            "confidence": proposal.get("category_confidence", 0.0) if category else 0.0,
            "evidence": "",
        }
    ]
    for name in ("brand", "size", "colours", "materials", "condition", "flaws"):
        entry = proposal[name]
        value = entry["value"]
        if name == "condition" and value:
            value = catalog_adapter.condition_label(form.initial.get("condition")) or value
        elif isinstance(value, list):
            value = ", ".join(value)
        rows.append(
            {
                "name": name,
                "label": labels[name],
                "value": value or "",
                "confidence": entry["confidence"] if value else 0.0,
                "evidence": _evidence(name, entry["photos"]) if value else "",
                "dropped": name in draft.dropped,
            }
        )
    for row in rows:
        row["field"] = PROPOSED_FIELDS[row["name"]]
        row["percent"] = round(row["confidence"] * 100)
        row["check"] = bool(row["value"]) and row["confidence"] < CONFIDENT
        row["confirm"] = form[confirm_name(row["name"])] if row["name"] in form.proposed else None
    return rows


def _fields_with_rows(form, rows) -> list[tuple]:
    """The form's fields in order, each with the proposal row it confirms or corrects (or None)."""
    by_field = {row["field"]: row for row in rows}
    return [
        (field, by_field.get(field.name)) for field in form.visible_fields() if not field.name.startswith("confirm_")
    ]


def _draft_page(request, draft, form, status=200):
    category = form.picked
    brand = form["brand_name"].value() or ""
    condition = form["condition"].value()
    rows = _rows(draft, form)
    return render(
        request,
        "ai/photo_draft.html",
        {
            "draft": draft,
            "form": form,
            "fields": _fields_with_rows(form, rows),
            "to_confirm": len(form.proposed),
            "photo_numbers": range(1, len(draft.photos) + 1),
            "warnings": draft.warnings(),
            "currency": request.tenant.currency,
            "price_suggestion": catalog_adapter.suggest_price(
                category=category, brand=brand, condition_id=condition, currency=request.tenant.currency
            ),
            "price_asked": bool(category or brand.strip()),
            "days": catalog_adapter.PRICE_WINDOW_DAYS,
        },
        status=status,
    )


@tenant_view
def photo_draft(request, draft_id):
    draft = photo_drafts.get_draft(draft_id)
    initial = catalog_adapter.form_initial(draft.proposal)
    if request.method != "POST":
        initial["sku"] = "PH-" + draft.id.hex[:8].upper()
        suggestion = catalog_adapter.suggest_price(
            category=catalog_adapter.category_of(initial.get("category")),
            brand=initial.get("brand_name", ""),
            condition_id=initial.get("condition"),
            currency=request.tenant.currency,
        )
        if suggestion is not None:
            initial["price"] = suggestion.median
        category = catalog_adapter.category_of(initial.get("category"))
        form = PhotoDraftForm(
            initial=initial, category=category, advice=catalog_adapter.category_advice(request, category)
        )
        return _draft_page(request, draft, form)
    category = catalog_adapter.chosen_category(request.POST)
    form = PhotoDraftForm(request.POST, initial=initial, advice=catalog_adapter.category_advice(request, category))
    if form.is_valid():
        try:
            product = photo_drafts.save_product(draft, form.product_data(), tenant=request.tenant)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        except (PhotoRejected, QuotaExceeded) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Product %(sku)s created from your photos.") % {"sku": product.sku})
            return redirect("catalog:detail", public_id=product.public_id)
    return _draft_page(request, draft, form, status=400)


@tenant_view
def photo_draft_photo(request, draft_id, number):
    draft = photo_drafts.get_draft(draft_id)
    try:
        jpeg = photo_drafts.thumbnail(draft, number)
    except OSError:
        raise Http404("Unreadable photo") from None
    response = HttpResponse(jpeg, content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    return response


@tenant_view
def photo_draft_discard(request, draft_id):
    draft = photo_drafts.get_draft(draft_id)
    if request.method == "POST":
        photo_drafts.discard(draft)
        messages.info(request, _("The draft and its photos are deleted."))
        return redirect("ai:photos_new")
    return redirect("ai:photo_draft", draft_id=draft.id)
