"""The OpenAI-compatible provider: Chat Completions with a strict JSON schema.

Why this API and not another: docs/decisions/0011-ai-provider-chat-completions-strict-schema.md.

One SDK retry at most: Celery owns the real backoff. Every SDK failure becomes a
GenerationError whose code the seller sees translated; `retryable` marks the failures the
task retries (connection, timeout, 429, 5xx), never 400/401/403/404/422.
"""

import functools
import json
import logging
from dataclasses import dataclass
from typing import Any, TypedDict

import httpx2
import openai
from django.conf import settings
from openai.types.chat import ChatCompletion, ChatCompletionMessageParam
from openai.types.shared_params import ResponseFormatJSONSchema

from .errors import GenerationError
from .facts import ProductFacts
from .options import GenerationOptions
from .prompt import ListingDraft, build_messages, response_format

log = logging.getLogger(__name__)


@dataclass
class ProviderResult:
    draft: ListingDraft
    model: str
    tokens_in: int
    tokens_out: int
    request_id: str


def is_configured() -> bool:
    return bool(settings.AI_API_KEY)


def get_client(**overrides: Any) -> openai.OpenAI:
    if overrides:
        return _new_client(overrides=overrides, **_client_settings())
    return _shared_client(**_client_settings())


class _ClientSettings(TypedDict):
    api_key: str
    base_url: str | None
    timeout: float
    connect: float


def _client_settings() -> _ClientSettings:
    return {
        "api_key": settings.AI_API_KEY,
        "base_url": settings.AI_BASE_URL,
        "timeout": float(settings.AI_TIMEOUT_SECONDS),
        "connect": float(settings.AI_CONNECT_TIMEOUT_SECONDS),
    }


def _new_client(
    *, api_key: str, base_url: str | None, timeout: float, connect: float, overrides: dict[str, Any] | None = None
) -> openai.OpenAI:
    return openai.OpenAI(
        api_key=api_key,
        base_url=base_url,
        timeout=httpx2.Timeout(timeout, connect=connect),
        max_retries=1,
        **(overrides or {}),
    )


@functools.lru_cache(maxsize=4)
def _shared_client(**config: Any) -> openai.OpenAI:
    # One client per process and configuration: building one loads the TLS trust store (about
    # 100 ms), and a kept-alive connection pool saves a handshake per call.
    return _new_client(**config)


def _status_error(exc: openai.APIStatusError) -> GenerationError:
    request_id = getattr(exc, "request_id", "") or ""
    status = exc.status_code
    if status in (401, 403):
        return GenerationError("auth", f"HTTP {status}", request_id=request_id)
    if status == 429:
        return GenerationError("rate_limited", "HTTP 429", retryable=True, request_id=request_id)
    if status >= 500:
        return GenerationError("unavailable", f"HTTP {status}", retryable=True, request_id=request_id)
    return GenerationError("bad_request", f"HTTP {status}", request_id=request_id)


def _draft_from(content: str) -> ListingDraft:
    try:
        data = json.loads(content)
        draft = ListingDraft(
            title=str(data["title"]),
            description=str(data["description"]),
            hashtags=[str(t) for t in data.get("hashtags") or []],
            stated_brand=data.get("stated_brand"),
            stated_size=data.get("stated_size"),
            stated_materials=[str(m) for m in data.get("stated_materials") or []],
            stated_condition=data.get("stated_condition"),
            flaws_mentioned=bool(data.get("flaws_mentioned")),
        )
    except (TypeError, ValueError, KeyError, AttributeError) as exc:
        raise GenerationError("malformed", type(exc).__name__) from None
    return draft


def call_chat(
    messages: list[ChatCompletionMessageParam],
    response_format: ResponseFormatJSONSchema,
    *,
    client: openai.OpenAI | None = None,
    model: str | None = None,
    temperature: float = 0.4,
) -> tuple[ChatCompletion, str]:
    """(completion, request id) of one strict-JSON Chat Completions call whose first choice has
    content; every failure raised as a GenerationError. Shared by the text and the photo tasks."""
    client = client or get_client()
    model = model or settings.AI_MODEL
    try:
        completion = client.chat.completions.create(
            model=model, messages=messages, response_format=response_format, temperature=temperature
        )
    except openai.APITimeoutError:
        raise GenerationError("timeout", retryable=True) from None
    except openai.APIConnectionError as exc:
        raise GenerationError("unavailable", type(exc).__name__, retryable=True) from None
    except openai.APIStatusError as exc:
        raise _status_error(exc) from None
    except openai.APIResponseValidationError:
        raise GenerationError("malformed", "response did not match the API shape") from None
    request_id = getattr(completion, "_request_id", "") or ""
    log.info("ai completion model=%s request_id=%s", model, request_id)
    if not completion.choices:
        raise GenerationError("malformed", "no choices", request_id=request_id)
    choice = completion.choices[0]
    if getattr(choice.message, "refusal", None):
        raise GenerationError("refused", request_id=request_id)
    if choice.finish_reason == "length":
        raise GenerationError("too_long", request_id=request_id)
    if choice.finish_reason == "content_filter":
        raise GenerationError("refused", "content filter", request_id=request_id)
    return completion, request_id


def generate(
    facts: ProductFacts, options: GenerationOptions, *, client: openai.OpenAI | None = None, model: str | None = None
) -> ProviderResult:
    model = model or settings.AI_MODEL
    completion, request_id = call_chat(build_messages(facts, options), response_format(), client=client, model=model)
    draft = _draft_from(completion.choices[0].message.content or "")
    usage = completion.usage
    return ProviderResult(
        draft=draft,
        model=completion.model or model,
        tokens_in=getattr(usage, "prompt_tokens", 0) or 0,
        tokens_out=getattr(usage, "completion_tokens", 0) or 0,
        request_id=request_id,
    )


def cost_eur(model: str, tokens_in: int, tokens_out: int) -> float:
    prices = settings.AI_PRICES_EUR_PER_1M.get(model)
    if prices is None:  # dated snapshots ("gpt-4o-mini-2024-07-18") cost what their family costs
        prices = next(
            (p for name, p in settings.AI_PRICES_EUR_PER_1M.items() if model.startswith(name + "-")), (0.0, 0.0)
        )
    return (tokens_in * prices[0] + tokens_out * prices[1]) / 1_000_000
