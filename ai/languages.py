"""Output languages, and the default language of a marketplace domain."""

from django.utils.translation import gettext_lazy as _

LANGUAGES = {
    "fr": _("French"),
    "en": _("English"),
    "de": _("German"),
    "es": _("Spanish"),
    "it": _("Italian"),
    "nl": _("Dutch"),
    "pl": _("Polish"),
}
LANGUAGE_NAMES_EN = {
    "fr": "French",
    "en": "English",
    "de": "German",
    "es": "Spanish",
    "it": "Italian",
    "nl": "Dutch",
    "pl": "Polish",
}
DEFAULT_LANGUAGE = "en"

# Country suffix of a marketplace host -> language of its buyers. Sites whose language we do
# not write yet (.cz, .se, ...) fall back to English, which Vinted shows to every country.
_SUFFIXES = {
    "fr": "fr",
    "be": "fr",
    "lu": "fr",
    "de": "de",
    "at": "de",
    "es": "es",
    "it": "it",
    "nl": "nl",
    "pl": "pl",
    "co.uk": "en",
    "uk": "en",
    "ie": "en",
    "com": "en",
}


def language_for_domain(domain: str | None) -> str:
    """ "www.vinted.fr" -> "fr", "vinted.co.uk" -> "en", "https://www.vinted.de/" -> "de"."""
    host = (domain or "").strip().lower()
    host = host.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0].rstrip(".")
    for suffix in sorted(_SUFFIXES, key=len, reverse=True):
        if host == suffix or host.endswith("." + suffix):
            return _SUFFIXES[suffix]
    return DEFAULT_LANGUAGE
