"""What the seller chooses (language, tone, length) and what the marketplace allows."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .languages import LANGUAGES

TONES = {"friendly": _("Friendly"), "formal": _("Formal"), "fun": _("Fun")}
LENGTHS = {"short": _("Short"), "medium": _("Medium"), "long": _("Long")}


@dataclass(frozen=True)
class Marketplace:
    code: str
    label: str
    title_max: int
    description_max: int
    hashtags: int  # how many hashtags the marketplace's descriptions use; 0 = none


# Vinted: title <= 100 characters, description <= 2000 (docs/vinted-api.md 4.2); its buyers search
# by hashtags in the description.
MARKETPLACES = {"vinted": Marketplace("vinted", "Vinted", title_max=100, description_max=2000, hashtags=5)}
DEFAULT_MARKETPLACE = "vinted"


@dataclass(frozen=True)
class GenerationOptions:
    language: str = "en"
    tone: str = "friendly"
    length: str = "medium"
    marketplace: str = DEFAULT_MARKETPLACE

    def __post_init__(self):
        for name, allowed in (
            ("language", LANGUAGES),
            ("tone", TONES),
            ("length", LENGTHS),
            ("marketplace", MARKETPLACES),
        ):
            if getattr(self, name) not in allowed:
                raise ValueError(f"unknown {name}: {getattr(self, name)!r}")

    @property
    def limits(self) -> Marketplace:
        return MARKETPLACES[self.marketplace]

    def as_dict(self) -> dict:
        return {"language": self.language, "tone": self.tone, "length": self.length, "marketplace": self.marketplace}
