"""The "Write with AI" widget other pages embed: catalog's product form and detail page (through
catalog.extensions) and the Vinted publish preview, which includes
`ai/partials/writer.html` with `writer=ai.integration.writer_context(request, product, domain=...)`."""

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from tenants import quotas

from . import provider, selectors
from .forms import OptionsForm
from .languages import LANGUAGES, language_for_domain

MODES = ("form", "save")  # fill the product form's fields / save into the product


def default_language(domain: str | None = None) -> str:
    if domain:
        return language_for_domain(domain)
    ui = (get_language() or "en")[:2]
    return ui if ui in LANGUAGES else "en"


def writer_context(request, product, *, mode: str = "save", domain: str | None = None) -> dict:
    assert mode in MODES
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


def register_catalog_extensions() -> None:
    from catalog import extensions

    from .views import bulk_generate

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
