"""Pages and HTMX fragments of the ai app. Thin: services and selectors do the work."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from tenants import quotas
from tenants.decorators import tenant_view

from . import catalog_adapter, integration, provider, selectors, services
from .errors import message_for
from .forms import AcceptForm, OptionsForm
from .options import GenerationOptions
from .shortcuts import get_generation_or_404, get_product_or_404

STALLED_AFTER_SECONDS = 120  # a queued text not started by then suggests no worker is running


def _generation_context(request, generation, mode: str, form=None) -> dict:
    waiting = timezone.now() - generation.created_at
    return {
        "generation": generation,
        "mode": mode if mode in integration.MODES else "save",
        "stalled": not generation.is_done and waiting.total_seconds() > STALLED_AFTER_SECONDS,
        "error": message_for(generation.error_code, generation.error_detail) if generation.error_code else "",
        "can_write": request.tenant_access.can_write,
        "accept_form": form
        or AcceptForm(initial={"title": generation.title, "description": generation.full_description}),
    }


@tenant_view
def product_writer(request, product_id):
    product = get_product_or_404(product_id)
    return render(
        request,
        "ai/product.html",
        {
            "product": product,
            "writer": integration.writer_context(request, product, mode="save"),
            "history": selectors.latest_for_product(product.public_id, limit=20),
        },
    )


@tenant_view
@require_POST
def generate(request, product_id):
    product = get_product_or_404(product_id)
    mode = request.POST.get("mode", "save")
    form = OptionsForm(request.POST)
    if not form.is_valid():
        writer = {**integration.writer_context(request, product, mode=mode), "form": form}
        return render(request, "ai/partials/writer.html", {"writer": writer}, status=400)
    generation = services.request_generation(
        catalog_adapter.facts_from_product(product), GenerationOptions(**form.cleaned_data), user=request.user
    )
    if not request.htmx:
        return redirect("ai:generation", public_id=generation.public_id)
    return render(request, "ai/partials/generation.html", _generation_context(request, generation, mode))


@tenant_view
def generation_status(request, public_id):
    generation = get_generation_or_404(public_id)
    context = _generation_context(request, generation, request.GET.get("mode", "save"))
    if request.htmx:
        return render(request, "ai/partials/generation.html", context)
    return render(request, "ai/generation.html", context)


@tenant_view
@require_POST
def accept(request, public_id):
    generation = get_generation_or_404(public_id)
    form = AcceptForm(request.POST)
    template = "ai/partials/generation.html" if request.htmx else "ai/generation.html"
    if generation.status != generation.Status.SUCCEEDED:
        raise Http404("Nothing to accept")
    if form.is_valid():
        product = catalog_adapter.get_product(generation.product_public_id)
        if product is None:
            form.add_error(None, message_for("product_gone"))
        else:
            try:
                catalog_adapter.write_text(product, **form.cleaned_data)
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                services.mark_accepted(generation)
                generation.refresh_from_db()
                messages.success(request, _("The new title and description are saved in the product."))
                if not request.htmx:
                    return redirect("catalog:detail", public_id=product.public_id)
                context = {**_generation_context(request, generation, "save"), "saved": True}
                return render(request, template, context)
    return render(request, template, _generation_context(request, generation, "save", form=form), status=400)


@tenant_view
def batch(request, batch_id):
    generations = list(selectors.batch(batch_id))
    if not generations:
        raise Http404("No such batch")
    products = catalog_adapter.products_by_ids([g.product_public_id for g in generations])
    rows = [
        {"product": products.get(str(g.product_public_id)), **_generation_context(request, g, "save")}
        for g in generations
    ]
    return render(
        request,
        "ai/batch.html",
        {
            "rows": rows,
            "done": sum(g.is_done for g in generations),
            "batch_id": batch_id,
            "to_save": sum(g.status == g.Status.SUCCEEDED and not g.accepted_at for g in generations),
            "can_write": request.tenant_access.can_write,
        },
    )


@tenant_view
@require_POST
def batch_accept(request, batch_id):
    if not selectors.batch(batch_id).exists():
        raise Http404("No such batch")
    saved, problems = services.accept_batch(batch_id)
    if saved:
        messages.success(
            request,
            ngettext("%(n)s text saved in its product.", "%(n)s texts saved in their products.", saved) % {"n": saved},
        )
    for problem in problems:
        messages.error(request, problem)
    if not saved and not problems:
        messages.info(request, _("Nothing to save: every written text is already saved."))
    return redirect("ai:batch", batch_id=batch_id)


@tenant_view
def usage(request):
    month_start = timezone.localtime().replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    return render(
        request,
        "ai/usage.html",
        {
            "month": selectors.usage(since=month_start),
            "all_time": selectors.usage(),
            "recent": selectors.recent(50),
            "credits_left": quotas.ai_credits_left(request.tenant),
            "credits_per_month": quotas.ai_credits_per_month(request.tenant),
            "ai_enabled": provider.is_configured(),
        },
    )
