"""The Vinted sites Stoflow may talk to: an allowlist, never a free-form host.

Every URL the client builds starts from `Site.base_url`, which only this module
produces: the real country sites (docs/vinted-api.md §1) and, when enabled by a
setting, the sandbox's simulated sites under VINTED_SANDBOX_URL. Anything else
is refused, so no field a user fills in can point the server at another host.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

# Domain suffix -> currency, from the observed country sites. `.com` (USD) is left out:
# its currency was never observed.
CURRENCIES = {
    **{
        tld: "EUR"
        for tld in (
            "fr",
            "be",
            "lu",
            "es",
            "it",
            "pt",
            "nl",
            "de",
            "at",
            "ie",
            "fi",
            "gr",
            "sk",
            "si",
            "lt",
            "lv",
            "ee",
            "hr",
        )
    },
    "co.uk": "GBP",
    "pl": "PLN",
    "cz": "CZK",
    "se": "SEK",
    "dk": "DKK",
    "hu": "HUF",
    "ro": "RON",
}
SANDBOX_PREFIX = "sandbox:"


class DomainNotAllowed(ValueError):
    """The domain is not a Vinted site Stoflow talks to."""


@dataclass(frozen=True)
class Site:
    key: str  # what accounts store: "www.vinted.fr" or "sandbox:fr"
    tld: str
    currency: str
    base_url: str  # scheme://host[/prefix], no trailing slash
    is_sandbox: bool

    @property
    def origin(self) -> str:
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}"

    def url(self, path: str) -> str:
        if not path.startswith("/") or "//" in path or "@" in path or "\\" in path:
            raise DomainNotAllowed(path)  # paths are ours; anything odd is a bug
        return self.base_url + path

    def item_url(self, item_id: int) -> str:
        """A listing's public page, built from its id (docs/vinted-api.md §4.5): never a URL taken from
        an answer, which could point anywhere."""
        return self.url(f"/items/{int(item_id)}")

    @property
    def label(self) -> str:
        return f"Sandbox ({self.tld})" if self.is_sandbox else self.key


def sandbox_enabled() -> bool:
    return bool(settings.VINTED_SANDBOX_ENABLED and settings.VINTED_SANDBOX_URL)


def _sandbox_base() -> str:
    return settings.VINTED_SANDBOX_URL.rstrip("/")


def real_sites() -> list[Site]:
    return [
        Site(f"www.vinted.{tld}", tld, currency, f"https://www.vinted.{tld}", False)
        for tld, currency in CURRENCIES.items()
    ]


def sandbox_sites() -> list[Site]:
    if not sandbox_enabled():
        return []
    return [
        Site(SANDBOX_PREFIX + tld, tld, CURRENCIES[tld], f"{_sandbox_base()}/{tld}", True)
        for tld in settings.VINTED_SANDBOX_SITES
    ]


def allowed_sites() -> list[Site]:
    return real_sites() + sandbox_sites()


def site_for(key: str) -> Site:
    """The site an account's stored domain names; raises DomainNotAllowed when no longer allowed."""
    for site in allowed_sites():
        if site.key == key:
            return site
    raise DomainNotAllowed(key)


def resolve(raw: str) -> Site:
    """The site a submitted domain names, by exact match only.

    Accepted spellings: "www.vinted.fr" for a real site; for the sandbox its key
    ("sandbox:fr"), its full URL ("http://127.0.0.1:8765/fr") or host and path
    ("127.0.0.1:8765/fr"). No parsing leniency: userinfo, other ports, IP
    literals and look-alike hosts simply do not match.
    """
    value = (raw or "").strip()
    if not value or len(value) > 200:
        raise DomainNotAllowed(value)
    lowered = value.lower()
    for site in real_sites():
        if lowered == site.key:
            return site
    if sandbox_enabled():
        netloc = urlsplit(_sandbox_base()).netloc.lower()
        for site in sandbox_sites():
            spellings = {site.key, site.base_url.lower(), f"{netloc}/{site.tld}"}
            if lowered in spellings:
                return site
    raise DomainNotAllowed(value)


def listing_url(key: str, item_id) -> str:
    """The public page of item `item_id` on the site `key` names, or "" (no id, site no longer allowed)."""
    if not item_id:
        return ""
    try:
        return site_for(key).item_url(item_id)
    except (DomainNotAllowed, TypeError, ValueError):
        return ""


def refusal_message() -> str:
    return _("This is not a Vinted site Stoflow supports (expected e.g. www.vinted.fr).")
