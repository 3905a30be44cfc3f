"""Pages of the product dashboard. Thin: forms check formats, services do the work."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from tenants.decorators import tenant_view

from . import delist, emptying, extensions, photos, pricing, sales, selectors, services, trash
from .forms import BulkForm, ProductForm, SellForm, chosen_category
from .listing import channel_chips, deleted_matching, filter_form, filtered_products, list_rows
from .models import DelistStep, PhotoUpload, Product
from .pagination import CappedPaginator
from .shortcuts import get_product_or_404
from .taxonomy import selectors as taxonomy
from .templatetags.catalog_tags import money

BUILT_IN_BULK = [
    ("archive", gettext_lazy("Archive")),
    ("delete", gettext_lazy("Delete")),
    ("restore", gettext_lazy("Restore")),
    ("price", gettext_lazy("Change price by %")),
]


@tenant_view
def product_list(request):
    form = filter_form(request)
    queryset, filters = filtered_products(request, form)
    page = CappedPaginator(queryset, 50, present=selectors.for_list).get_page(request.GET.get("page"))
    page.object_list = selectors.attach_covers(page.object_list)
    rows = list_rows(page.object_list)
    channels = extensions.channel_states(request, page.object_list)
    for row, product in zip(rows, page.object_list, strict=True):
        row["channels"] = channel_chips(channels.get(product.pk, []), row["url"])
        row["ids"] = [row["public_id"]]
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("emptying", None)  # the run shown once, not carried into the list's links
    return render(
        request,
        "catalog/product_list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "filters": filters,
            "query": query.urlencode(),
            "bulk_actions": [(name, str(label)) for name, label in BUILT_IN_BULK]
            + [(a.name, str(a.label)) for a in extensions.bulk_actions()],
            "can_write": request.tenant_access.can_write,
            "currency": request.tenant.currency,
            "active_filters": sum(1 for name in form.fields if name not in ("q", "sort") and request.GET.get(name)),
            # An empty list without any filter is a shop with nothing to show yet, not "no match".
            "filtered": any(request.GET.get(name) for name in form.fields if name != "sort"),
            "purge_rows": request.tenant_access.can_write and request.GET.get("status") == "deleted",
            **(_emptying_context(request.GET["emptying"]) if request.GET.get("emptying") else {}),
        },
    )


def _selected(request):
    return selectors.by_public_ids(request.POST.getlist("ids"))


@tenant_view
@require_POST
def bulk(request):
    form = BulkForm(request.POST)
    back = request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        back = reverse("catalog:list")
    selected = _selected(request)
    if not form.is_valid() or not selected.exists():
        messages.error(request, _("Select at least one product and an action."))
        return HttpResponseRedirect(back)
    action = form.cleaned_data["action"]
    try:
        if action == "archive":
            count = services.archive(selected)
            messages.success(
                request, ngettext("%(n)s product archived.", "%(n)s products archived.", count) % {"n": count}
            )
        elif action == "delete":
            count = trash.soft_delete(selected)
            messages.success(
                request, ngettext("%(n)s product deleted.", "%(n)s products deleted.", count) % {"n": count}
            )
        elif action == "restore":
            count = trash.restore(request.tenant, selected)
            messages.success(
                request, ngettext("%(n)s product restored.", "%(n)s products restored.", count) % {"n": count}
            )
        elif action == "price":
            if form.cleaned_data["percent"] is None:
                raise ValidationError(_("Enter the price change in percent, e.g. -10."))
            count = services.change_price_by_percent(selected, form.cleaned_data["percent"])
            messages.success(request, ngettext("%(n)s price changed.", "%(n)s prices changed.", count) % {"n": count})
        else:
            entry = next((a for a in extensions.bulk_actions() if a.name == action), None)
            if entry is None:
                messages.error(request, _("Unknown action."))
                return HttpResponseRedirect(back)
            result = entry.handler(request, selected.filter(deleted_at__isnull=True))
            if hasattr(result, "status_code"):
                return result
            if result:
                messages.info(request, str(result))
    except (ValidationError, services.QuotaExceeded) as error:
        for message in getattr(error, "messages", [str(error)]):
            messages.error(request, message)
    return HttpResponseRedirect(back)


@tenant_view
def product_detail(request, public_id):
    return _detail_page(request, get_product_or_404(public_id, include_deleted=True))


def _detail_page(request, product, sell_form=None):
    uploads = list(product.photo_uploads.all())
    return render(
        request,
        "catalog/product_detail.html",
        {
            "product": product,
            "photos": product.photos.all(),
            "uploads": uploads,
            "uploads_processing": any(u.status == PhotoUpload.Status.PROCESSING for u in uploads),
            "colours": product.colours.all(),
            "materials": product.materials.all(),
            "currency": request.tenant.currency,
            "can_write": request.tenant_access.can_write,
            "sections": extensions.render_sections(extensions.detail_sections(), request, product),
            "channels": extensions.channel_states(request, [product], detail=True)[product.pk],
            "publishable_error": _publishable_error(product),
            "category_mappings": product.category.mappings.all() if product.category_id else [],
            "sales": selectors.sales_of(product)[:20],
            "delist_steps": delist.log_of(product),
            "sell_form": sell_form or SellForm(),
            "price_suggestion": pricing.suggest_for_product(product, request.tenant.currency),
        },
        status=400 if sell_form is not None and sell_form.errors else 200,
    )


def _publishable_error(product):
    # Only a product still to be published can have a publishing problem: a sold one has stock 0
    # because it sold, which is no warning.
    if product.deleted_at or product.status in (Product.Status.SOLD, Product.Status.ARCHIVED):
        return ""
    try:
        services.assert_publishable(product)
    except services.NotPublishable as error:
        return str(error)
    return ""


def _save_form(request, form, product=None):
    """Create or update from a valid form; field errors go back onto the form."""
    uploads = form.cleaned_data.get("photos") or []
    try:
        with transaction.atomic():
            if product is None:
                product = services.create_product(request.tenant, form.product_data(), photos=uploads)
            else:
                services.update_product(product, form.product_data())
                for upload in uploads:
                    photos.add_photo(request.tenant, product, upload)
        return product
    except ValidationError as error:
        form.add_error(None, error)
    except photos.PhotoRejected as error:
        form.add_error("photos", str(error))
    except services.QuotaExceeded as error:
        form.add_error(None, str(error))
    return None


def _product_form(request, product=None) -> ProductForm:
    data = request.POST if request.method == "POST" else None
    category = chosen_category(data, product)
    return ProductForm(
        data, request.FILES or None, instance=product, advice=extensions.category_advice(request, category)
    )


def _form_page(request, form, product=None):
    return render(
        request,
        "catalog/product_form.html",
        {
            "form": form,
            "product": product,
            "currency": request.tenant.currency,
            "panels": extensions.render_sections(extensions.form_panels(), request, product),
            "price_suggestion": pricing.suggest_for_choices(form.data, request.tenant.currency, product)
            if form.is_bound
            else pricing.suggest_for_product(product, request.tenant.currency)
            if product
            else None,
            "price_asked": pricing.has_choices(form.data) if form.is_bound else product is not None,
            "days": pricing.WINDOW_DAYS,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@tenant_view
def product_create(request):
    form = _product_form(request)
    if request.method == "POST" and form.is_valid():
        product = _save_form(request, form)
        if product is not None:
            messages.success(request, _("Product %(sku)s created.") % {"sku": product.sku})
            return redirect("catalog:detail", public_id=product.public_id)
    return _form_page(request, form)


@tenant_view
def product_edit(request, public_id):
    product = get_product_or_404(public_id)
    form = _product_form(request, product)
    if request.method == "POST" and form.is_valid():
        if _save_form(request, form, product) is not None:
            messages.success(request, _("Product %(sku)s saved.") % {"sku": product.sku})
            return redirect("catalog:detail", public_id=product.public_id)
    return _form_page(request, form, product)


@tenant_view
@require_POST
def product_sell(request, public_id):
    """Mark one or more sold by hand, at a price; the stock goes down and marketplaces are told."""
    product = get_product_or_404(public_id)
    form = SellForm(request.POST)
    if form.is_valid():
        try:
            sale = sales.sell_by_hand(
                product,
                price=form.cleaned_data["price"],
                currency=request.tenant.currency,
                quantity=form.cleaned_data["quantity"],
                takedown=form.cleaned_data["takedown"],
                user=request.user,
            )
        except ValidationError as error:
            errors = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
            for field, field_errors in errors.items():
                for message in field_errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(
                request,
                _("Sale of %(sku)s recorded at %(price)s.")
                % {"sku": product.sku, "price": money(sale.price, sale.currency)},
            )
            return redirect("catalog:detail", public_id=product.public_id)
    return _detail_page(request, product, sell_form=form)


@tenant_view
@require_POST
def product_duplicate(request, public_id):
    product = get_product_or_404(public_id)
    try:
        copy = services.duplicate_product(request.tenant, product)
    except (ValidationError, services.QuotaExceeded) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return redirect("catalog:detail", public_id=product.public_id)
    messages.success(request, _("Copied as %(sku)s, a draft.") % {"sku": copy.sku})
    return redirect("catalog:edit", public_id=copy.public_id)


@tenant_view
@require_POST
def delist_dismiss(request, public_id):
    """The seller took care of a delist that could not be done (e.g. ended it on the marketplace)."""
    step = get_object_or_404(DelistStep.objects.select_related("product"), public_id=public_id)
    delist.dismiss(step)
    messages.success(request, _("Task done."))
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return HttpResponseRedirect(back)
    return redirect("catalog:detail", public_id=step.product.public_id)


@tenant_view
@require_POST
def product_delete(request, public_id):
    product = get_product_or_404(public_id)
    trash.soft_delete(selectors.by_public_ids([product.public_id]))
    messages.success(
        request, _("Product %(sku)s deleted. You can restore it from the deleted list.") % {"sku": product.sku}
    )
    return redirect("catalog:list")


@tenant_view
@require_POST
def product_restore(request, public_id):
    product = get_product_or_404(public_id, include_deleted=True)
    try:
        trash.restore(request.tenant, selectors.by_public_ids([product.public_id]))
        messages.success(request, _("Product %(sku)s restored.") % {"sku": product.sku})
    except (ValidationError, services.QuotaExceeded) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    return redirect("catalog:detail", public_id=product.public_id)


def _purge(request, selected) -> int:
    try:
        count = trash.purge(selected)
    except trash.StillListed as error:
        messages.error(request, " ".join(error.messages))
        return 0
    if count:
        messages.success(
            request,
            ngettext("%(n)s product deleted for good.", "%(n)s products deleted for good.", count) % {"n": count},
        )
    else:
        messages.error(request, _("Only deleted products can be deleted for good."))
    return count


def _empty(request, selected) -> None:
    try:
        result = trash.purge_in_batches(selected)
    except trash.StillListed as error:
        messages.error(request, " ".join(error.messages))
        return
    level, text = _emptied(result.deleted, result.remaining, result.problem)
    messages.add_message(request, level, text)


def _emptied(deleted: int, remaining: int, problem: str) -> tuple[int, str]:
    """What "Empty" did, in the seller's words, with its message level."""
    if remaining:
        return (
            messages.ERROR,
            ngettext(
                "%(deleted)s deleted for good, then it stopped: %(remaining)s product is still in the trash. "
                "%(problem)s",
                "%(deleted)s deleted for good, then it stopped: %(remaining)s products are still in the trash. "
                "%(problem)s",
                remaining,
            )
            % {"deleted": deleted, "remaining": remaining, "problem": problem},
        )
    if deleted:
        return (
            messages.SUCCESS,
            ngettext("%(n)s product deleted for good.", "%(n)s products deleted for good.", deleted) % {"n": deleted},
        )
    return messages.INFO, _("No deleted product matches this list.")


@tenant_view
def emptying_state(request, run_id):
    """The deleted list's fragment while the worker empties the trash: polled until done, then the
    result; the answer that first shows it reloads the list (HX-Refresh), whose rows are gone."""
    context = _emptying_context(run_id)
    if not context["emptying"]["known"]:
        raise Http404  # another shop's run (the cache is the shop's), or one no longer kept
    response = render(request, "catalog/partials/emptying.html", context)
    if request.htmx and context["emptying"]["finished"]:
        response["HX-Refresh"] = "true"
    return response


def _emptying_context(run_id: str) -> dict:
    run = emptying.state(run_id) if emptying.is_run_id(run_id) else None
    view: dict = {"run_id": run_id, "finished": True, "known": run is not None}
    if run is not None:
        view.update(run, finished=run["state"] == emptying.DONE)
        if view["finished"]:
            level, view["message"] = _emptied(run["deleted"], run["remaining"], run["problem"])
            view["failed"] = level == messages.ERROR
    return {"emptying": view}


@tenant_view
@require_POST
def product_purge(request, public_id):
    product = get_product_or_404(public_id, include_deleted=True)
    if _purge(request, selectors.by_public_ids([product.public_id])):
        return _to_deleted_list()
    return redirect("catalog:detail", public_id=product.public_id)


@tenant_view
@require_POST
def purge_deleted(request):
    """ "Delete for good" of one row (`ids`), or "Empty" (`scope=all`): every deleted product the
    list's filters (the query string) match, on every page."""
    if request.POST.get("scope") == "all":
        selected, query = deleted_matching(request)
        if emptying.in_worker(selected.count()):
            try:
                query["emptying"] = emptying.start(request.tenant, selected)
            except trash.StillListed as error:
                messages.error(request, " ".join(error.messages))
        else:
            _empty(request, selected)
        return HttpResponseRedirect(reverse("catalog:list") + "?" + query.urlencode())
    selected = _selected(request)
    if not selected.exists():
        raise Http404
    _purge(request, selected)
    return _to_deleted_list()


def _to_deleted_list():
    return HttpResponseRedirect(reverse("catalog:list") + "?status=deleted")


@tenant_view
def brand_options(request):
    """HTMX: <option>s for the brand field's datalist: the taxonomy's brands, then those the
    marketplaces know (e.g. the site's Vinted brands); the field still takes any text."""
    text = request.GET.get("brand_name", "")[:120]
    names = [b.name_en for b in taxonomy.search_brands(text)]
    for name in extensions.brand_suggestions(request, text):
        if name not in names:
            names.append(name)
    return render(request, "catalog/partials/brand_options.html", {"brands": names[:15]})


@tenant_view
def price_suggestion(request):
    """HTMX: the price range for the category, brand and condition chosen so far in a product form."""
    product = selectors.product(request.GET["product"]) if request.GET.get("product") else None
    suggestion = pricing.suggest_for_choices(request.GET, request.tenant.currency, product)
    return render(
        request,
        "catalog/partials/price_suggestion_fragment.html",
        {"suggestion": suggestion, "asked": pricing.has_choices(request.GET), "days": pricing.WINDOW_DAYS},
    )


@tenant_view
def category_search(request):
    """HTMX: the leaves matching the typed words, as radio choices with their breadcrumbs."""
    query = request.GET.get("category_q", "")[:100]
    matches = []
    for category in taxonomy.search_categories(query):
        crumbs, _sep, _name = category.stored_path.rpartition(" › ")
        matches.append({"category": category, "crumbs": crumbs})
    return render(request, "catalog/partials/category_results.html", {"matches": matches, "query": query.strip()})


@tenant_view
def category_fields(request):
    """HTMX: size, condition and package size for the chosen category, with what marketplaces ask."""
    category = chosen_category(request.GET)
    form = ProductForm(
        initial={name: request.GET.get(name) for name in ProductForm.CATEGORY_FIELDS},
        category=category,
        advice=extensions.category_advice(request, category),
    )
    # The choice also moves into the "chosen" row (out of band), so a new search keeps it.
    return render(request, "catalog/partials/category_fields.html", {"form": form, "oob": True})


@tenant_view
def size_options(request):
    """HTMX: the size <option>s of the chosen category's size groups."""
    from .taxonomy.models import Category

    try:
        category = Category.objects.filter(pk=int(request.GET.get("category") or 0)).first()
    except ValueError:
        category = None
    return render(request, "catalog/partials/size_options.html", {"sizes": taxonomy.sizes_for_category(category)})
