"""The facts a description may use, as a plain value: the core never needs catalog's models.

`facts_from_product` (ai.catalog_adapter) builds one from a catalog product; tests and the
benchmark build them directly.
"""

import re
import unicodedata
from dataclasses import asdict, dataclass, field


def clean_text(value) -> str:
    """NFC, trimmed, whitespace collapsed: two spellings of the same input share a cache entry."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value))
    return re.sub(r"\s+", " ", text).strip()


def _clean_list(values, limit: int | None = None) -> tuple[str, ...]:
    seen, out = set(), []
    for value in values or ():
        text = clean_text(value)
        if text and text.casefold() not in seen:
            seen.add(text.casefold())
            out.append(text)
    return tuple(out[:limit] if limit else out)


def _condition(value) -> str:
    text = clean_text(value)
    return text.lower() if re.fullmatch(r"[A-Za-z_]+", text) else text  # codes are case-blind


@dataclass(frozen=True)
class ProductFacts:
    title: str = ""
    brand: str = ""
    category: str = ""
    size: str = ""
    colours: tuple[str, ...] = ()
    materials: tuple[str, ...] = ()
    condition: str = ""  # a condition code (new_with_tags, very_good, ...) or a label
    gender: str = ""
    measurements: str = ""
    flaws: str = ""  # the seller's notes on flaws: always mentioned
    details: str = ""  # the seller's other notes
    tags: tuple[str, ...] = ()
    public_id: str = field(default="", compare=False)  # identifies, never part of the content

    def normalised(self) -> "ProductFacts":
        return ProductFacts(
            title=clean_text(self.title),
            brand=clean_text(self.brand),
            category=clean_text(self.category),
            size=clean_text(self.size),
            colours=_clean_list(self.colours, 2),
            materials=_clean_list(self.materials, 3),
            condition=_condition(self.condition),
            gender=clean_text(self.gender).lower(),
            measurements=clean_text(self.measurements),
            flaws=clean_text(self.flaws),
            details=clean_text(self.details),
            tags=tuple(sorted({t.lstrip("#").casefold() for t in _clean_list(self.tags)})),
            public_id=str(self.public_id or ""),
        )

    def content(self) -> dict:
        """The normalised inputs without the identity: what the cache key and the prompt use."""
        data = asdict(self.normalised())
        data.pop("public_id")
        return {key: list(value) if isinstance(value, tuple) else value for key, value in data.items()}

    def to_json(self) -> dict:
        return {**self.content(), "public_id": str(self.public_id or "")}

    @classmethod
    def from_json(cls, data: dict) -> "ProductFacts":
        known = {name: data[name] for name in cls.__dataclass_fields__ if name in data}
        for name in ("colours", "materials", "tags"):
            if name in known:
                known[name] = tuple(known[name] or ())
        return cls(**known)

    def grounding_text(self) -> str:
        """Everything the seller wrote: a word found here is not an invention."""
        c = self.content()
        parts = [
            c["title"],
            c["brand"],
            c["category"],
            c["size"],
            c["condition"],
            c["gender"],
            c["measurements"],
            c["flaws"],
            c["details"],
            *c["colours"],
            *c["materials"],
            *c["tags"],
        ]
        return " ".join(p for p in parts if p)
