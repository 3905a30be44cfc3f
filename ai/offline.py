"""The offline writer: a listing composed from the facts with templates per language, tone and
length. Used when no API key is configured (so `make run` works out of the box); it costs
nothing, consumes no credit, and the dashboard labels its text as not written by AI."""

import re

from .facts import ProductFacts
from .options import GenerationOptions
from .phrases import (
    CLOSERS,
    CONDITIONS,
    FLAWS_LABEL,
    ITEM,
    LABELS,
    NOT_SPECIFIED,
    OPENERS,
    SUMMARY,
    label_separator,
    translate_value,
)
from .prompt import ListingDraft

MODEL_NAME = "offline-templates"


def condition_label(condition: str, language: str) -> str:
    return CONDITIONS.get(condition, {}).get(language, condition) if condition else ""


def _item_name(facts: ProductFacts, language: str) -> str:
    if facts.title:
        return facts.title
    if facts.category:
        return facts.category.split("›")[-1].split(">")[-1].strip()
    return ITEM[language]


def _title(facts: ProductFacts, language: str) -> str:
    parts = [_item_name(facts, language)]
    if facts.brand and facts.brand.casefold() not in parts[0].casefold():
        parts.append(facts.brand)
    if facts.size:
        parts.append(f"– {LABELS[language][1]} {facts.size}")
    return " ".join(parts)


def _attribute_lines(facts: ProductFacts, language: str, *, everything: bool) -> list[str]:
    brand, size, colour, material, condition, measurements, _details = LABELS[language]
    missing = NOT_SPECIFIED[language]
    rows = [
        (brand, facts.brand),
        (size, facts.size),
        (material, ", ".join(translate_value(m, language) for m in facts.materials)),
        (condition, condition_label(facts.condition, language)),
    ]
    if facts.colours:
        rows.insert(2, (colour, ", ".join(translate_value(c, language) for c in facts.colours)))
    if everything and facts.measurements:
        rows.append((measurements, facts.measurements))
    sep = label_separator(language)
    return [f"- {label}{sep}{value or missing}" for label, value in rows]


def hashtags(facts: ProductFacts, count: int, language: str = "en") -> list[str]:
    # The category path is in English: a tag from it only suits an English listing.
    category = facts.category.split("›")[-1] if facts.category and language == "en" else ""
    words = [
        facts.brand,
        category,
        *(translate_value(c, language) for c in facts.colours),
        *(translate_value(m, language) for m in facts.materials),
        *facts.tags,
    ]
    out = []
    for word in words:
        tag = re.sub(r"[^\w]", "", (word or "").lower())
        if tag and tag not in out:
            out.append(tag)
    return out[:count]


def compose(facts: ProductFacts, options: GenerationOptions) -> ListingDraft:
    facts = facts.normalised()
    lang, tone, length = options.language, options.tone, options.length
    sentences = [OPENERS[tone][lang].format(item=_item_name(facts, lang))]
    condition = condition_label(facts.condition, lang) or NOT_SPECIFIED[lang]
    if length == "short":
        sentences.append(SUMMARY[lang].format(condition=condition))
        body = " ".join(sentences)
        if facts.brand or facts.size:
            body += (
                " "
                + ", ".join(v for v in (facts.brand, f"{LABELS[lang][1]} {facts.size}" if facts.size else "") if v)
                + "."
            )
    else:
        lines = [" ".join(sentences), "", *_attribute_lines(facts, lang, everything=length == "long")]
        if length == "long" and facts.details:
            lines += ["", f"{LABELS[lang][6]}{label_separator(lang)}{facts.details}"]
        body = "\n".join(lines)
    if facts.flaws:
        body += f"\n\n{FLAWS_LABEL[lang]}{label_separator(lang)}{facts.flaws}"
    body += "\n\n" + CLOSERS[tone][lang]
    return ListingDraft(
        title=_title(facts, lang),
        description=body,
        hashtags=hashtags(facts, options.limits.hashtags, lang),
        stated_brand=facts.brand or None,
        stated_size=facts.size or None,
        stated_materials=list(facts.materials),
        stated_condition=facts.condition or None,
        flaws_mentioned=bool(facts.flaws),
    )
