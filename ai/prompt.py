"""The instructions and the strict output schema sent to the model.

Static text and the schema come first and the product last, so a provider's prompt cache
can reuse the prefix (docs/decisions/0011-ai-provider-chat-completions-strict-schema.md, prompt
layout). Bump PROMPT_VERSION whenever the wording or the schema changes: it is part of every cache
key.
"""

import json
from dataclasses import dataclass, field

from openai.types.chat import ChatCompletionMessageParam
from openai.types.shared_params import ResponseFormatJSONSchema

from .facts import ProductFacts
from .languages import LANGUAGE_NAMES_EN
from .options import GenerationOptions

PROMPT_VERSION = 3
NOT_SPECIFIED = "not specified"

OUTPUT_SCHEMA = {
    "type": "object",
    "properties": {
        "title": {"type": "string"},
        "description": {"type": "string"},
        "hashtags": {"type": "array", "items": {"type": "string"}},
        # What the text claims, so the post-check can compare it with the facts.
        "stated_brand": {"type": ["string", "null"]},
        "stated_size": {"type": ["string", "null"]},
        "stated_materials": {"type": "array", "items": {"type": "string"}},
        "stated_condition": {"type": ["string", "null"]},
        "flaws_mentioned": {"type": "boolean"},
    },
    "required": [
        "title",
        "description",
        "hashtags",
        "stated_brand",
        "stated_size",
        "stated_materials",
        "stated_condition",
        "flaws_mentioned",
    ],
    "additionalProperties": False,
}
SCHEMA_NAME = "product_listing"

TONE_GUIDE = {
    "friendly": "warm and personal, like a careful seller talking to a buyer",
    "formal": "polite, precise and neutral, no exclamation marks or emoji",
    "fun": "playful and lively, one or two emoji at most, never exaggerating facts",
}
LENGTH_GUIDE = {
    "short": "2 to 3 sentences, under 300 characters",
    "medium": "one paragraph plus a short list of key facts, under 800 characters",
    "long": "a detailed description with every known fact, measurements and care, under 1600 characters",
}

INSTRUCTIONS = """You write second-hand listings for resale marketplaces.
Use ONLY the facts in the product JSON. Never invent or guess a brand, size, material, condition,
colour, measurement or origin. When the brand, size, material or condition is empty, write
"not specified" in the listing's language for it instead of guessing, and leave the matching
stated_* field null (or the list empty).
If "flaws" is not empty, the description must mention every flaw honestly, and flaws_mentioned must be true.
Write in the requested language and tone, for the requested length.
Title: at most {title_max} characters, not in capital letters, no unusual symbols.
Description: at most {description_max} characters, plain text, no hashtags inside it.
Hashtags: {hashtags} lowercase single-word hashtags without '#', built from the facts only (empty list if 0).
stated_brand, stated_size, stated_materials, stated_condition: copy exactly the value from the
facts that the text mentions, or null / [] when the text does not state one."""


@dataclass
class ListingDraft:
    """What a provider returns, before the post-check."""

    title: str
    description: str
    hashtags: list[str] = field(default_factory=list)
    stated_brand: str | None = None
    stated_size: str | None = None
    stated_materials: list[str] = field(default_factory=list)
    stated_condition: str | None = None
    flaws_mentioned: bool = False


def schema_fingerprint() -> str:
    return json.dumps(OUTPUT_SCHEMA, sort_keys=True, separators=(",", ":"))


def build_messages(facts: ProductFacts, options: GenerationOptions) -> list[ChatCompletionMessageParam]:
    limits = options.limits
    system = INSTRUCTIONS.format(
        title_max=limits.title_max, description_max=limits.description_max, hashtags=limits.hashtags
    )
    request = {
        "marketplace": limits.label,
        "language": LANGUAGE_NAMES_EN[options.language],
        "tone": TONE_GUIDE[options.tone],
        "length": LENGTH_GUIDE[options.length],
    }
    user = (
        "Request:\n"
        + json.dumps(request, ensure_ascii=False)
        + "\nProduct:\n"
        + json.dumps(facts.content(), ensure_ascii=False, sort_keys=True)
    )
    return [{"role": "developer", "content": system}, {"role": "user", "content": user}]


def response_format() -> ResponseFormatJSONSchema:
    return {"type": "json_schema", "json_schema": {"name": SCHEMA_NAME, "schema": OUTPUT_SCHEMA, "strict": True}}
