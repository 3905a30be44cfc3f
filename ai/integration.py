"""What other apps embed from ai: the "Write with AI" widget on catalog's product form and detail
page (through catalog.extensions) and on the Vinted publish preview, which includes
`ai/partials/writer.html` with `writer=ai.integration.writer_context(request, product, domain=...)`,
and catalog's "Write descriptions with AI" bulk action."""

import uuid

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from tenants import quotas

from . import catalog_adapter, provider, selectors, services
from .forms import OptionsForm
from .languages import LANGUAGES, language_for_domain
from .options import GenerationOptions

BULK_LIMIT = 50
MODES = ("form", "save")  # fill the product form's fields / save into the product


def default_language(domain: str | None = None) -> str:
    if domain:
        return language_for_domain(domain)
    ui = (get_language() or "en")[:2]
    return ui if ui in LANGUAGES else "en"


def writer_context(request, product, *, mode: str = "save", domain: str | None = None) -> dict:
    if mode not in MODES:
        raise ValueError(f"writer mode {mode!r} is not one of {MODES}")
    if product is None or product.deleted_at is not None:
        return {"product": None}
    latest = selectors.latest_for_product(product.public_id, limit=1)
    return {
        "product": product,
        "mode": mode,
        "target_id": f"ai-writer-{product.public_id}",
        "form": OptionsForm(initial={"language": default_language(domain)}),
        "credits_left": quotas.ai_credits_left(request.tenant),
        "ai_enabled": provider.is_configured(),
        "can_write": request.tenant_access.can_write,
        "latest": latest[0] if latest else None,
    }


def bulk_generate(request, products):
    """Catalog bulk action: one generation per selected product, in one batch."""
    options = GenerationOptions(language=default_language())
    chosen = list(products[: BULK_LIMIT + 1])
    if len(chosen) > BULK_LIMIT:
        return gettext("Select at most %(limit)s products at a time.") % {"limit": BULK_LIMIT}
    batch_id = uuid.uuid4()
    for product in chosen:
        services.request_generation(
            catalog_adapter.facts_from_product(product), options, user=request.user, batch_id=batch_id
        )
    messages.success(request, gettext("Descriptions requested: %(n)s.") % {"n": len(chosen)})
    return HttpResponseRedirect(reverse("ai:batch", kwargs={"batch_id": batch_id}))


def register_catalog_extensions() -> None:
    from catalog import extensions

    extensions.register(
        extensions.FormPanel(
            name="ai_writer",
            template="ai/partials/form_panel.html",
            order=30,
            context=lambda request, product: writer_context(request, product, mode="form"),
        )
    )
    extensions.register(
        extensions.DetailSection(
            name="ai_writer",
            template="ai/partials/detail_section.html",
            order=30,
            context=lambda request, product: writer_context(request, product, mode="save"),
        )
    )
    extensions.register(
        extensions.BulkAction(name="ai_write", label=_("Write descriptions with AI"), handler=bulk_generate, order=60)
    )
