"""Writes of the ai app: request a generation, run it (in the worker), accept it."""

import logging
import time
import uuid
from collections.abc import Callable
from decimal import Decimal
from functools import partial
from typing import Any

import openai
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from tenants import quotas
from tenants.connection import current_schema_name
from tenants.models import Tenant, User

from . import grounding, offline, pipeline, provider
from .cache import cache_key
from .errors import GenerationError
from .facts import ProductFacts
from .models import Generation
from .options import GenerationOptions
from .prompt import PROMPT_VERSION

# A generation's result as the AI cache stores it (JSON: the listing, tokens, cost).
CachedValue = dict[str, Any]

log = logging.getLogger(__name__)


def request_generation(
    facts: ProductFacts,
    options: GenerationOptions,
    *,
    user: User | None = None,
    batch_id: uuid.UUID | None = None,
    enqueue: bool = True,
) -> Generation:
    """Log a queued generation in the current shop and hand it to the worker after commit."""
    use_ai = provider.is_configured()
    generation = Generation.objects.create(
        product_public_id=facts.public_id or None,
        batch_id=batch_id,
        requested_by_id=getattr(user, "pk", None),
        facts=facts.to_json(),
        **options.as_dict(),
        provider=Generation.Provider.OPENAI if use_ai else Generation.Provider.OFFLINE,
        model=settings.AI_MODEL if use_ai else offline.MODEL_NAME,
        prompt_version=PROMPT_VERSION,
    )
    if enqueue:
        from .tasks import generate

        transaction.on_commit(partial(generate.delay, current_schema_name(), str(generation.public_id)))
    return generation


def _claim(public_id: uuid.UUID | str) -> Generation | None:
    with transaction.atomic():
        generation = Generation.objects.select_for_update().filter(public_id=public_id).first()
        if generation is None or generation.is_done:
            return None  # redelivered after it finished: nothing to do, nothing charged twice
        generation.status = Generation.Status.RUNNING
        generation.attempts += 1
        generation.save(update_fields=["status", "attempts"])
    return generation


def _reserve_credit(generation: Generation, tenant: Tenant) -> None:
    """Take one credit before the upstream call; a retry of the same generation never takes another."""
    with transaction.atomic():
        locked = Generation.objects.select_for_update().get(pk=generation.pk)
        if not locked.credit_charged:
            try:
                quotas.consume_ai_credits(tenant)
            except quotas.QuotaExceeded:
                raise GenerationError("no_credits") from None
            Generation.objects.filter(pk=generation.pk).update(credit_charged=True)
    generation.credit_charged = True


def _refund_credit(generation: Generation, tenant: Tenant) -> None:
    with transaction.atomic():
        if Generation.objects.filter(pk=generation.pk, credit_charged=True).update(credit_charged=False):
            quotas.refund_ai_credits(tenant)
    generation.credit_charged = False


def _listing_value(listing: grounding.Listing, result: provider.ProviderResult) -> CachedValue:
    return {
        "title": listing.title,
        "description": listing.description,
        "hashtags": listing.hashtags,
        "notes": listing.notes,
        "model": result.model,
        "request_id": result.request_id,
        "tokens_in": result.tokens_in,
        "tokens_out": result.tokens_out,
        "cost_eur": provider.cost_eur(result.model, result.tokens_in, result.tokens_out),
        "created_at": timezone.now().isoformat(),
    }


def _produce_with_ai(
    generation: Generation,
    tenant: Tenant,
    facts: ProductFacts,
    options: GenerationOptions,
    client: openai.OpenAI | None,
) -> Callable[[], CachedValue]:
    def produce() -> CachedValue:
        _reserve_credit(generation, tenant)
        try:
            result = provider.generate(facts, options, client=client, model=generation.model)
            listing = grounding.finalise(result.draft, facts, options)
        except Exception:  # any failure, ours or upstream's, gives the credit back
            _refund_credit(generation, tenant)
            raise
        return _listing_value(listing, result)

    return produce


def run_generation(
    public_id: uuid.UUID | str, *, tenant: Tenant, client: openai.OpenAI | None = None, final_attempt: bool = True
) -> Generation | None:
    """Write the text of one queued generation. Raises GenerationError only for a retryable
    failure when more attempts remain; every other outcome is recorded on the row."""
    generation = _claim(public_id)
    if generation is None:
        return None
    started = time.monotonic()
    facts = ProductFacts.from_json(generation.facts)
    options = GenerationOptions(
        language=generation.language, tone=generation.tone, length=generation.length, marketplace=generation.marketplace
    )
    try:
        if generation.provider == Generation.Provider.OFFLINE:
            listing = grounding.finalise(offline.compose(facts, options), facts, options)
            value = {
                "title": listing.title,
                "description": listing.description,
                "hashtags": listing.hashtags,
                "notes": listing.notes,
                "model": offline.MODEL_NAME,
                "request_id": "",
                "tokens_in": 0,
                "tokens_out": 0,
                "cost_eur": 0.0,
            }
            cached = False
        else:
            generation.cache_key = cache_key(
                shop_id=tenant.public_id, facts=facts, options=options, model=generation.model
            )
            value, cached = pipeline.fetch_or_generate(
                generation.cache_key, _produce_with_ai(generation, tenant, facts, options, client)
            )
            if cached and generation.credit_charged:  # reserved by an attempt that died mid-call
                _refund_credit(generation, tenant)
    except GenerationError as exc:
        duration = int((time.monotonic() - started) * 1000)
        if exc.retryable and not final_attempt:
            _record(generation, status=Generation.Status.QUEUED, error=exc, duration=duration)
            raise
        _record(generation, status=Generation.Status.FAILED, error=exc, duration=duration)
        return generation
    except Exception as exc:
        log.exception("ai generation %s crashed", public_id)
        _record(
            generation,
            status=Generation.Status.FAILED,
            error=GenerationError("internal", type(exc).__name__),
            duration=int((time.monotonic() - started) * 1000),
        )
        return generation
    _succeed(generation, value, cached=cached, duration=int((time.monotonic() - started) * 1000))
    return generation


def _record(generation: Generation, *, status: str, error: GenerationError, duration: int) -> None:
    generation.status = status
    generation.error_code = error.code
    generation.error_detail = error.detail[:300]
    generation.request_id = error.request_id[:100]
    generation.duration_ms = duration
    generation.finished_at = timezone.now() if status == Generation.Status.FAILED else None
    generation.save(
        update_fields=["status", "error_code", "error_detail", "request_id", "duration_ms", "finished_at", "cache_key"]
    )


def _succeed(generation: Generation, value: CachedValue, *, cached: bool, duration: int) -> None:
    cost = Decimal(str(round(value.get("cost_eur", 0.0), 6)))
    generation.status = Generation.Status.SUCCEEDED
    generation.cached = cached
    generation.title, generation.description = value["title"], value["description"]
    generation.hashtags, generation.notes = value.get("hashtags", []), value.get("notes", [])
    generation.model = value.get("model") or generation.model
    generation.request_id = (value.get("request_id") or "")[:100]
    generation.tokens_in = 0 if cached else value.get("tokens_in", 0)
    generation.tokens_out = 0 if cached else value.get("tokens_out", 0)
    generation.cost_eur = Decimal("0") if cached else cost
    generation.saved_cost_eur = cost if cached else Decimal("0")
    generation.error_code = generation.error_detail = ""
    generation.duration_ms = duration
    generation.finished_at = timezone.now()
    generation.save()


def mark_accepted(generation: Generation) -> None:
    Generation.objects.filter(pk=generation.pk, status=Generation.Status.SUCCEEDED).update(accepted_at=timezone.now())


def accept_batch(batch_id: uuid.UUID) -> tuple[int, list[str]]:
    """Saves every written, not yet saved text of a batch into its product, each through the
    catalog's own validation. Returns how many were saved and a message per text that was not."""
    from django.core.exceptions import ValidationError

    from . import catalog_adapter, selectors
    from .errors import message_for

    saved, problems = 0, []
    for generation in selectors.batch(batch_id):
        if generation.status != Generation.Status.SUCCEEDED or generation.accepted_at:
            continue
        product = catalog_adapter.get_product(generation.product_public_id)
        if product is None:
            problems.append(str(message_for("product_gone")))
            continue
        try:
            catalog_adapter.write_text(product, title=generation.title, description=generation.full_description)
        except ValidationError as error:
            problems.append(f"{product.sku}: {' '.join(error.messages)}")
        else:
            mark_accepted(generation)
            saved += 1
    return saved, problems


def propose_from_photos(
    photos: list[bytes],
    *,
    tenant: Tenant,
    language: str,
    hint: str = "",
    hashes: list[str] | None = None,
    user: User | None = None,
    client: openai.OpenAI | None = None,
) -> tuple[CachedValue, bool]:
    """(proposal value, cached) for the photos, through the cache; a miss takes the plan's credits
    for a photo analysis, refunded if the model fails. Logged as a Generation (task "photos") with
    tokens and cost. `hashes` are the photos' sha256 as stored with them (hashing 8 MB again would
    cost more than the whole hit). Raises GenerationError."""
    from catalog import cache as catalog_cache

    from . import cache, selectors, vision
    from .cache import photo_cache_key

    model = settings.AI_MODEL
    if hashes is None:
        hashes = vision.photo_hashes(photos)
    elif len(hashes) != len(photos):
        raise ValueError("one hash per photo")
    request_key = cache.photo_request_key(
        shop_id=tenant.public_id, photo_hashes=hashes, language=language, hint=hint, model=model
    )
    started = time.monotonic()

    def log_row(key: str) -> Generation:
        return Generation(
            task=Generation.Task.PHOTOS,
            requested_by_id=getattr(user, "pk", None),
            marketplace="vinted",
            language=language,
            tone="friendly",
            length="medium",
            facts={"photos": hashes, "hint": hint},
            status=Generation.Status.RUNNING,
            model=model,
            prompt_version=vision.VISION_PROMPT_VERSION,
            cache_key=key[:100],
            attempts=1,
        )

    # A hit writes its log row once, finished (the usual path would insert it, then update it).
    hit = cache.read_photo_hit(request_key)
    if hit is not None:
        hit_key, cached_value = hit
        _succeed_photos(log_row(hit_key), cached_value, cached=True, started=started)
        return cached_value, True
    catalog_version = catalog_cache.version()  # before the shortlist: a write meanwhile disarms the pointer
    shortlist = selectors.category_shortlist(hint)
    colours = [name for name, _lab in selectors.marketplace_palette().entries]
    key = photo_cache_key(
        shop_id=tenant.public_id,
        photo_hashes=hashes,
        language=language,
        shortlist_ids=[cid for cid, _path in shortlist],
        colours=colours,
        model=model,
    )
    generation = log_row(key)

    def remember(value: CachedValue) -> None:
        cache.remember_photo_hit(
            request_key, value, catalog_version=catalog_version, hint=hint, colours=colours, key=key
        )

    stored = cache.get(key)
    if stored is not None:
        _succeed_photos(generation, stored, cached=True, started=started)
        remember(stored)
        return stored, True
    generation.save()
    cost = quotas.ai_credits_per_photo_analysis(tenant)

    def produce() -> CachedValue:
        try:
            quotas.consume_ai_credits(tenant, cost)
        except quotas.QuotaExceeded:
            raise GenerationError("no_credits") from None
        try:
            result = vision.analyse(
                photos, shortlist=shortlist, colours=colours, language=language, client=client, model=model
            )
        except GenerationError:
            quotas.refund_ai_credits(tenant, cost)
            raise
        generation.credit_charged = True
        return {
            "proposal": result.proposal.as_dict(),
            "model": result.model,
            "tokens_in": result.tokens_in,
            "tokens_out": result.tokens_out,
            "credits": cost,
            "request_id": result.request_id,
            "cost_eur": provider.cost_eur(result.model, result.tokens_in, result.tokens_out),
        }

    try:
        value, cached = pipeline.fetch_or_generate(key, produce)
    except GenerationError as exc:
        if generation.credit_charged:  # taken, then refunded when the model failed
            generation.credit_charged = False
            generation.save(update_fields=["credit_charged"])
        _record(
            generation, status=Generation.Status.FAILED, error=exc, duration=int((time.monotonic() - started) * 1000)
        )
        raise
    _succeed_photos(generation, value, cached=cached, started=started)
    remember(value)
    return value, cached


def _succeed_photos(generation: Generation, value: dict[str, Any], *, cached: bool, started: float) -> None:
    _succeed(
        generation,
        {**value, "title": value["proposal"]["title"], "description": value["proposal"]["description"]},
        cached=cached,
        duration=int((time.monotonic() - started) * 1000),
    )


def forget_product(sender: Any, instance: Any, using: str = "default", **kwargs: Any) -> None:
    """A product deleted for good: its generations keep their counts and cost (the usage page and
    the credits spent stay true) but lose the text written for it and the facts it came from. On the
    connection the product was deleted through (`using`: another alias may be another shop)."""
    Generation.objects.using(using).filter(product_public_id=instance.public_id).update(
        product_public_id=None, facts={}, title="", description="", hashtags=[], notes=[]
    )
