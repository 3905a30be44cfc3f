"""The operator's eBay application: keys, environment and the hosts the client talks to.

The channel exists only when the application keys are configured (`enabled()`); every eBay page,
link and job checks it, so a Stoflow without keys shows no trace of eBay.
"""

from dataclasses import dataclass

from django.conf import settings

# eBay's own hosts (docs/ebay.md, ebay-api §1.1). "local" is Stoflow's eBay sandbox
# (`manage.py ebay_sandbox`), which answers every API, the consent page and the Media API on one port.
# The Identity API (who granted a consent) lives on its own host, apiz.
HOSTS = {
    "production": ("https://api.ebay.com", "https://auth.ebay.com", "https://apim.ebay.com", "https://apiz.ebay.com"),
    "sandbox": (
        "https://api.sandbox.ebay.com",
        "https://auth.sandbox.ebay.com",
        "https://apim.sandbox.ebay.com",
        "https://apiz.sandbox.ebay.com",
    ),
}


# The marketplaces a seller may connect first, with what listing on them needs.
@dataclass(frozen=True)
class Marketplace:
    id: str
    site: str
    currency: str
    content_language: str


MARKETPLACES = {
    m.id: m
    for m in (
        Marketplace("EBAY_FR", "ebay.fr", "EUR", "fr-FR"),
        Marketplace("EBAY_DE", "ebay.de", "EUR", "de-DE"),
        Marketplace("EBAY_GB", "ebay.co.uk", "GBP", "en-GB"),
        Marketplace("EBAY_IT", "ebay.it", "EUR", "it-IT"),
        Marketplace("EBAY_ES", "ebay.es", "EUR", "es-ES"),
    )
}

SCOPE_ROOT = "https://api.ebay.com/oauth/api_scope"
# What a seller's consent grants Stoflow (ebay-api §2.2): listings and images, policies, orders, and
# reading who the seller is (Identity API), which the account-deletion notifications name.
USER_SCOPES = (
    f"{SCOPE_ROOT}/sell.inventory",
    f"{SCOPE_ROOT}/sell.account",
    f"{SCOPE_ROOT}/sell.fulfillment",
    f"{SCOPE_ROOT}/commerce.identity.readonly",
)
APP_SCOPES = (SCOPE_ROOT,)


@dataclass(frozen=True)
class Endpoints:
    api: str  # REST APIs and the token endpoint
    consent: str  # the seller's consent page
    media: str  # Media API (images)
    identity: str  # Identity API (who the seller is)

    @property
    def token(self) -> str:
        return f"{self.api}/identity/v1/oauth2/token"


def enabled() -> bool:
    return bool(settings.EBAY_CLIENT_ID and settings.EBAY_CLIENT_SECRET and settings.EBAY_RUNAME)


def endpoints() -> Endpoints:
    if settings.EBAY_ENVIRONMENT == "local":
        api = auth = media = identity = settings.EBAY_SANDBOX_URL.rstrip("/")
    else:
        api, auth, media, identity = HOSTS[settings.EBAY_ENVIRONMENT]
    return Endpoints(
        api=(settings.EBAY_API_URL or api).rstrip("/"),
        consent=(settings.EBAY_AUTH_URL or auth).rstrip("/") + "/oauth2/authorize",
        media=(settings.EBAY_MEDIA_URL or media).rstrip("/") + "/commerce/media/v1_beta",
        identity=identity.rstrip("/") + "/commerce/identity/v1",
    )


# Where a buyer sees a listing (its legacy item id, ebay-api §7.1 `legacyItemId`).
LISTING_HOSTS = {"production": "https://www.{site}", "sandbox": "https://sandbox.ebay.com"}


def listing_url(marketplace_id: str, listing_id: str) -> str:
    if not listing_id:
        return ""
    if settings.EBAY_ENVIRONMENT == "local":
        return f"{settings.EBAY_SANDBOX_URL.rstrip('/')}/itm/{listing_id}"
    site = MARKETPLACES[marketplace_id].site if marketplace_id in MARKETPLACES else "ebay.com"
    return LISTING_HOSTS[settings.EBAY_ENVIRONMENT].format(site=site) + f"/itm/{listing_id}"
