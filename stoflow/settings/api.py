"""The REST API (DRF, the OpenAPI schema) and the rate limits: the limiter, API throttles, tokens."""

from stoflow import env
from stoflow.settings.base import TESTING

# --- REST API -----------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "tenants.api_auth.ApiTokenAuthentication",
        "tenants.api_auth.TenantSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["tenants.api_auth.IsTenantMember"],
    "DEFAULT_PARSER_CLASSES": [
        "stoflow.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Services' refusals (Django's ValidationError, quotas, jobs, sessions) as 4xx JSON naming the field.
    "EXCEPTION_HANDLER": "stoflow.api_errors.exception_handler",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
# Nesting levels a JSON body may have; deeper bodies are answered 400 (stoflow.parsers).
API_JSON_MAX_DEPTH = env.integer("API_JSON_MAX_DEPTH", 32)
SPECTACULAR_SETTINGS = {
    "TITLE": "Stoflow API",
    "DESCRIPTION": "Catalog and marketplace API of a Stoflow shop. Authenticate with "
    "`Authorization: Token <api token>`; the token decides the shop.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from drf-spectacular-sidecar's static files, not a CDN (the CSP allows 'self' only).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# --- ratelimit ------------------------------------------------------------------
# The limiter lives on REDIS_URL (noeviction), never on the cache instance. See docs/ratelimit.md.
# LIMITER_REDIS_URL (empty: REDIS_URL) moves it, with the Vinted account locks, to an instance of
# its own; `redis+cluster://host:port` names a node of a Redis Cluster (docs/deployment.md).
LIMITER_REDIS_URL = env.string("LIMITER_REDIS_URL", "")
RATELIMIT_REDIS_TIMEOUT_SECONDS = env.float_number("RATELIMIT_REDIS_TIMEOUT_SECONDS", 0.5)
RATELIMIT_UNAVAILABLE_RETRY_SECONDS = env.integer("RATELIMIT_UNAVAILABLE_RETRY_SECONDS", 60)
RATELIMIT_REBUILD_LOCK_MS = env.integer("RATELIMIT_REBUILD_LOCK_MS", 2000)
# The Vinted budget (VINTED_RATE_LIMIT_*) is set with the other Vinted settings (marketplaces.py).
# Budget badges: orange from this share of the limit, red above the second one.
RATELIMIT_WARNING_PERCENT = 75
RATELIMIT_DANGER_PERCENT = 95
RATELIMIT_BADGE_REFRESH_SECONDS = env.integer("RATELIMIT_BADGE_REFRESH_SECONDS", 30)
# API calls, per token and per user (so more tokens do not multiply it), and per shop across its
# members; anonymous calls per IP. Comma-separated windows such as "120/min,2000/hour". Tests use
# a wide default so the suite's API tests never trip it; throttle tests set their own.
API_RATE_LIMIT = env.string("API_RATE_LIMIT", "100000/min" if TESTING else "120/min")
API_SHOP_RATE_LIMIT = env.string("API_SHOP_RATE_LIMIT", "100000/min" if TESTING else "600/min")
REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"] = ["ratelimit.throttling.ApiRateThrottle"]
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {"api": API_RATE_LIMIT, "api_shop": API_SHOP_RATE_LIMIT}
# Active API tokens one membership may hold at once.
API_TOKENS_PER_MEMBERSHIP = env.integer("API_TOKENS_PER_MEMBERSHIP", 10)
