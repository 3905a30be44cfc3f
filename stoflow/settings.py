"""Stoflow settings, read from environment variables.

STOFLOW_ENV picks the mode: "development" (default, safe local defaults),
"test" (used by `make test`) or "production" (refuses to start without its
secrets). Every variable is listed in docs/configuration.md.
"""

import math
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from stoflow import env

BASE_DIR = Path(__file__).resolve().parent.parent
ENVIRONMENT = env.choice("STOFLOW_ENV", ("development", "test", "production"), "development")
PRODUCTION = ENVIRONMENT == "production"
TESTING = ENVIRONMENT == "test"

# --- Secrets --------------------------------------------------------------
DEV_SECRET_KEY = "dev-only-not-secret-3c9f1f0a8e2b4d6f9a7c5e3b1d0f2a4c6e8b0d2f4a6c8e0b2d4f6a8c"
SECRET_KEY = env.string("SECRET_KEY", "" if PRODUCTION else DEV_SECRET_KEY)
# Key ring for secrets at rest (Vinted sessions): "id:base64key,id2:base64key", newest first.
# The development ring is public and only fit for local data.
DEV_ENCRYPTION_KEYS = "dev1:ZGV2LW9ubHkta2V5LW5vdC1zZWNyZXQtMzJieXRlcyE="
ENCRYPTION_KEYS = env.string("STOFLOW_ENCRYPTION_KEYS", "" if PRODUCTION else DEV_ENCRYPTION_KEYS)
if PRODUCTION:
    missing = [
        name for name, value in (("SECRET_KEY", SECRET_KEY), ("STOFLOW_ENCRYPTION_KEYS", ENCRYPTION_KEYS)) if not value
    ]
    if missing:
        raise ImproperlyConfigured(f"Production mode needs {', '.join(missing)} in the environment.")

DEBUG = env.boolean("DEBUG", ENVIRONMENT == "development")
ALLOWED_HOSTS = env.items("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env.items("CSRF_TRUSTED_ORIGINS", "")
SITE_URL = env.string("SITE_URL", "http://127.0.0.1:" + env.string("PORT", "8000"))

# --- Applications ---------------------------------------------------------
SHARED_APPS = [
    "tenants",  # first: its delete_tenant replaces django-tenants' (a --yes guard and no prompt)
    "django_tenants",
    "ratelimit",
    "catalog.taxonomy",
    "vinted.ledger",  # the public attempts log of mutating Vinted requests (per Vinted account)
    "notifications.outbox",  # e-mail choices and notices of users, the index of due webhook deliveries
    "vinted.reference",  # Vinted's category tree, brands and per-category rules, per site (public)
    "channels",  # the public index of every channel's due jobs (docs/architecture.md, "Channel jobs")
    "ebay.directory",  # which shops hold an eBay user's data (account-deletion notifications)
    "ai.drafts",  # the public index of photo drafts, for the sweeper of old ones
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.admin",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # swagger-ui served from our own static files
    "django_htmx",
]
TENANT_APPS = ["audit", "catalog", "vinted", "ebay", "ai", "notifications"]
INSTALLED_APPS = SHARED_APPS + [app for app in TENANT_APPS if app not in SHARED_APPS]

TENANT_MODEL = "tenants.Tenant"
TENANT_DOMAIN_MODEL = "tenants.Domain"
DATABASE_ROUTERS = ["django_tenants.routers.TenantSyncRouter"]
# New shop schemas are cloned from the template schema (tenants.models.TEMPLATE_SCHEMA) by
# tenants/clone.py; Tenant.auto_create_schema is off, so django-tenants' own schema creation and its
# TENANT_CREATION_FAKES_MIGRATIONS / TENANT_BASE_SCHEMA settings are not used.
TENANT_MIGRATION_ORDER = ["-is_template", "pk"]
TENANT_MULTIPROCESSING_MAX_PROCESSES = env.integer("TENANT_MIGRATION_PROCESSES", 2)
TENANT_MULTIPROCESSING_MAX_TASKS_PER_CHILD = 50

AUTH_USER_MODEL = "tenants.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
LOGIN_URL = "tenants:login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "tenants:login"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "stoflow.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django_htmx.middleware.HtmxMiddleware",  # request.htmx: whether htmx asks for a fragment
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "tenants.middleware.MembershipTenantMiddleware",
    "audit.middleware.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "stoflow.urls"
WSGI_APPLICATION = "stoflow.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tenants.context_processors.tenancy",
                "stoflow.navigation.context",
            ],
            "libraries": {"formatting": "stoflow.formatting"},
        },
    }
]

# --- Data stores ------------------------------------------------------------
DATABASE_URL = env.string("DATABASE_URL", "postgres://postgres@127.0.0.1:55432/stoflow")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env.integer("DB_CONN_MAX_AGE", 60))}
DATABASES["default"]["ENGINE"] = "django_tenants.postgresql_backend"
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# DATABASE_URL points at PgBouncer in transaction mode: the shop's schema is set per transaction
# (stoflow/pooled_postgresql, docs/deployment.md), and no cursor may outlive its transaction.
DB_TRANSACTION_POOLING = env.boolean("DB_TRANSACTION_POOLING", False)
if DB_TRANSACTION_POOLING:
    DATABASES["default"]["ENGINE"] = "stoflow.pooled_postgresql"
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# REDIS_URL: broker and limiter (noeviction). CACHE_REDIS_URL: caches (may evict).
REDIS_URL = env.string("REDIS_URL", "redis://127.0.0.1:56379/0")
CACHE_REDIS_URL = env.string("CACHE_REDIS_URL", REDIS_URL.rsplit("/", 1)[0] + "/1")
_REDIS_CACHE = {
    "BACKEND": "django_redis.cache.RedisCache",
    "LOCATION": CACHE_REDIS_URL,
    "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 2, "SOCKET_TIMEOUT": 2},
}
CACHES = {
    # Tenant-prefixed keys: a cached fragment never crosses tenants.
    "default": {
        **_REDIS_CACHE,
        "KEY_FUNCTION": "django_tenants.cache.make_key",
        "REVERSE_KEY_FUNCTION": "django_tenants.cache.reverse_key",
    },
    # Public data (taxonomy, plans) shared by every tenant.
    "shared": {**_REDIS_CACHE, "KEY_PREFIX": "shared"},
}
# Sessions live in the public schema's table (see docs/architecture.md, "Tenancy").
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14

# --- Celery -----------------------------------------------------------------
CELERY_BROKER_URL = REDIS_URL
# kombu's Redis transport with a fix for a worker crash on a broker restart (stoflow/broker.py).
CELERY_BROKER_TRANSPORT = "stoflow.broker:Transport"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_TENANT_CACHE_SECONDS = 30
# Beat records a heartbeat at each wake-up (stoflow/beat.py); /health/ reads it.
CELERY_BEAT_SCHEDULER = "stoflow.beat:HeartbeatScheduler"
CELERY_BEAT_SCHEDULE = {
    "clear-expired-sessions": {"task": "tenants.tasks.clear_expired_sessions", "schedule": timedelta(hours=6)},
}

# --- Passwords and sign-in --------------------------------------------------
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Failed sign-ins allowed per account and per IP address before a cool-off.
LOGIN_FAILURES_PER_ACCOUNT = env.integer("LOGIN_FAILURES_PER_ACCOUNT", 5)
LOGIN_FAILURES_PER_IP = env.integer("LOGIN_FAILURES_PER_IP", 20)
LOGIN_COOLOFF_SECONDS = env.integer("LOGIN_COOLOFF_SECONDS", 15 * 60)
# Header set by our own reverse proxy with the client's address; empty = REMOTE_ADDR. It is
# believed only from TRUSTED_PROXIES (addresses or networks; empty = from any peer). A request
# from a trusted proxy without the header has no known address: per-IP limits step aside and
# per-account ones remain (ratelimit.net).
CLIENT_IP_HEADER = env.string("CLIENT_IP_HEADER", "")
TRUSTED_PROXIES = env.items("TRUSTED_PROXIES", "")
ACT_AS_MINUTES = 30
# Actions that cost a schema clone or an e-mail (ratelimit.actions), in the API's rate format.
# Tests use a wide default so the suite never trips them; the throttle tests set their own.
_WIDE = "100000/hour"
SIGNUP_RATE_PER_IP = env.string("SIGNUP_RATE_PER_IP", _WIDE if TESTING else "5/hour,20/day")
SIGNUP_RATE_GLOBAL = env.string("SIGNUP_RATE_GLOBAL", _WIDE if TESTING else "300/hour")
PASSWORD_RESET_RATE_PER_ADDRESS = env.string("PASSWORD_RESET_RATE_PER_ADDRESS", _WIDE if TESTING else "3/hour,10/day")
PASSWORD_RESET_RATE_PER_IP = env.string("PASSWORD_RESET_RATE_PER_IP", _WIDE if TESTING else "10/hour")
INVITATION_RATE_PER_SHOP = env.string("INVITATION_RATE_PER_SHOP", _WIDE if TESTING else "20/hour,50/day")
# /health/details/ (checks' reasons and the worker ping) for staff, or for a monitor sending
# "Authorization: Bearer <HEALTH_TOKEN>"; empty = staff only. The ping is reused this long.
HEALTH_TOKEN = env.string("HEALTH_TOKEN", "")
HEALTH_PING_CACHE_SECONDS = env.float_number("HEALTH_PING_CACHE_SECONDS", 5.0)

# --- Internationalisation -----------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.string("TIME_ZONE", "Europe/Paris")
USE_I18N = True
USE_TZ = True
# Dates: one format per language (stoflow/formats); money and dates in templates go through the
# `formatting` template library (stoflow/formatting.py).
FORMAT_MODULE_PATH = ["stoflow.formats"]

# --- Static and media files ----------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.string("MEDIA_ROOT", str(BASE_DIR / ".data" / "media")))
# Photos, CSV imports waiting for the worker and shop exports: on the local disk (MEDIA_ROOT) or in
# an S3-compatible bucket (docs/storage.md). Every file goes through Django's storage API; the
# bucket stays private and files are served by the shop-checked views only.
MEDIA_STORAGE = env.choice("MEDIA_STORAGE", ("local", "s3"), "local")
LOCAL_MEDIA_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
S3_BUCKET = env.string("S3_BUCKET", "")
S3_MEDIA_STORAGE = {
    "BACKEND": "storages.backends.s3.S3Storage",
    "OPTIONS": {
        "bucket_name": S3_BUCKET,
        "endpoint_url": env.string("S3_ENDPOINT_URL", "") or None,
        "region_name": env.string("S3_REGION", "") or None,
        "access_key": env.string("S3_ACCESS_KEY_ID", ""),
        "secret_key": env.string("S3_SECRET_ACCESS_KEY", ""),
        "location": env.string("S3_PREFIX", ""),
        # MinIO, Garage and most self-hosted servers want path-style addresses.
        "addressing_style": env.choice("S3_ADDRESSING_STYLE", ("path", "virtual"), "path"),
        "signature_version": "s3v4",
        "default_acl": None,  # never an ACL: objects stay as private as the bucket
        "querystring_auth": True,  # url() is a presigned, expiring link
        "querystring_expire": env.integer("S3_URL_EXPIRE_SECONDS", 300),
        "file_overwrite": False,
        "object_parameters": {"CacheControl": "private, max-age=86400"},
    },
}
# How a photo reaches the browser from S3: streamed through the view ("stream"), or the view
# redirects to a presigned URL that expires ("redirect"). The local disk is always streamed.
MEDIA_S3_SERVE = env.choice("MEDIA_S3_SERVE", ("stream", "redirect"), "stream")
STORAGES = {
    "default": S3_MEDIA_STORAGE if MEDIA_STORAGE == "s3" else LOCAL_MEDIA_STORAGE,
    # Both backends by name, for `manage.py move_media` (the bucket only when one is configured).
    "local_media": LOCAL_MEDIA_STORAGE,
    **({"s3_media": S3_MEDIA_STORAGE} if S3_BUCKET else {}),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if MEDIA_STORAGE == "s3" and not S3_BUCKET:
    raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs S3_BUCKET (and S3_ENDPOINT_URL outside AWS).")


def _s3_origin(options: dict) -> str:
    """Where presigned photo links point, for the Content-Security-Policy's img-src."""
    virtual = options["addressing_style"] == "virtual"
    if options["endpoint_url"]:
        parts = urlsplit(options["endpoint_url"])
        return f"{parts.scheme}://{options['bucket_name'] + '.' if virtual else ''}{parts.netloc}"
    region = options["region_name"] or "us-east-1"
    return f"https://{options['bucket_name'] + '.' if virtual else ''}s3.{region}.amazonaws.com"


MEDIA_REDIRECT_ORIGIN = (
    _s3_origin(S3_MEDIA_STORAGE["OPTIONS"]) if MEDIA_STORAGE == "s3" and MEDIA_S3_SERVE == "redirect" else ""
)

# --- E-mail -------------------------------------------------------------------
DEFAULT_FROM_EMAIL = env.string("DEFAULT_FROM_EMAIL", "Stoflow <no-reply@localhost>")
if PRODUCTION:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env.string("EMAIL_HOST", "localhost")
    EMAIL_PORT = env.integer("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env.string("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env.string("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env.boolean("EMAIL_USE_TLS", True)
elif env.string("EMAIL_FILE_PATH", ""):
    # Each e-mail becomes a file there: the journey tests read what the server processes sent.
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = env.string("EMAIL_FILE_PATH", "")
elif TESTING:
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

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

# --- Security -----------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# stoflow.csp: scripts and styles from our own origin only, never inline; no framing. Photos and
# upload previews may be data: or blob: URLs.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; "
    f"img-src 'self' data: blob:{' ' + MEDIA_REDIRECT_ORIGIN if MEDIA_REDIRECT_ORIGIN else ''}; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
SESSION_COOKIE_HTTPONLY = True
if PRODUCTION:
    SECURE_SSL_REDIRECT = env.boolean("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

# --- Logging ------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_secrets": {"()": "stoflow.logging.RedactSecretsFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["redact_secrets"]}},
    "root": {"handlers": ["console"], "level": env.string("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- ratelimit ------------------------------------------------------------------
# The limiter lives on REDIS_URL (noeviction), never on the cache instance. See docs/ratelimit.md.
RATELIMIT_REDIS_TIMEOUT_SECONDS = env.float_number("RATELIMIT_REDIS_TIMEOUT_SECONDS", 0.5)
RATELIMIT_UNAVAILABLE_RETRY_SECONDS = env.integer("RATELIMIT_UNAVAILABLE_RETRY_SECONDS", 60)
RATELIMIT_REBUILD_LOCK_MS = env.integer("RATELIMIT_REBUILD_LOCK_MS", 2000)
# The Vinted budget (VINTED_RATE_LIMIT_*) is set with the other Vinted settings below.
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

# --- catalog --------------------------------------------------------------------
# Largest photo upload accepted, in bytes, and the pixel count above which an image is refused
# as a decompression bomb (checked before decoding).
CATALOG_MAX_UPLOAD_BYTES = env.integer("CATALOG_MAX_UPLOAD_BYTES", 15 * 1024 * 1024)
CATALOG_MAX_IMAGE_PIXELS = env.integer("CATALOG_MAX_IMAGE_PIXELS", 50_000_000)
# A page upload above either is stored as sent and normalised by the Celery worker, so decoding
# it never swells a web process.
CATALOG_PHOTO_WORKER_PIXELS = env.integer("CATALOG_PHOTO_WORKER_PIXELS", 24_000_000)
CATALOG_PHOTO_WORKER_BYTES = env.integer("CATALOG_PHOTO_WORKER_BYTES", 8 * 1024 * 1024)
CATALOG_PAGE_SIZE = 50
# Where a seller asks the operator for a category the taxonomy lacks (a mailto: or a web form);
# empty hides the hint under the product form's category.
CATALOG_CATEGORY_REQUEST_URL = env.string(
    "CATALOG_CATEGORY_REQUEST_URL", "mailto:support@localhost?subject=Missing%20category"
)
# CSV imports: the largest file, and the most rows, one import may have.
CATALOG_CSV_MAX_BYTES = env.integer("CATALOG_CSV_MAX_BYTES", 2 * 1024 * 1024)
CATALOG_CSV_MAX_ROWS = env.integer("CATALOG_CSV_MAX_ROWS", 10_000)
# Imports with more rows than this run in the worker, with a progress page; smaller ones answer at once.
CATALOG_CSV_WORKER_ROWS = env.integer("CATALOG_CSV_WORKER_ROWS", 500)

# --- vinted ---------------------------------------------------------------------
# The Vinted sandbox (simulated sites under VINTED_SANDBOX_URL/fr, /co.uk, /pl) is an allowed
# Vinted domain only when enabled; never in production unless asked for explicitly.
VINTED_SANDBOX_ENABLED = env.boolean("VINTED_SANDBOX_ENABLED", not PRODUCTION)
VINTED_SANDBOX_URL = env.string("VINTED_SANDBOX_URL", "http://127.0.0.1:" + env.string("VINTED_SANDBOX_PORT", "8765"))
VINTED_SANDBOX_SITES = ("fr", "co.uk", "pl")
# The browser extension packages built for SITE_URL (`manage.py build_extension`, or at first download).
EXTENSION_PACKAGES_DIR = Path(env.string("EXTENSION_PACKAGES_DIR", str(BASE_DIR / ".data" / "extension")))
VINTED_CONNECT_TIMEOUT = env.float_number("VINTED_CONNECT_TIMEOUT", 5.0)
VINTED_READ_TIMEOUT = env.float_number("VINTED_READ_TIMEOUT", 30.0)
# Mutating Vinted requests per Vinted account; the burst pair is off while either value is 0.
# Vinted counts a request when it arrives: one slow in flight and a later fast one can land less
# than 2 h apart, so the default window is 2 h plus the read timeout plus 60 s.
VINTED_RATE_LIMIT_MAX = env.integer("VINTED_RATE_LIMIT_MAX", 40)
VINTED_RATE_LIMIT_WINDOW_SECONDS = env.integer(
    "VINTED_RATE_LIMIT_WINDOW_SECONDS", 7200 + math.ceil(VINTED_READ_TIMEOUT) + 60
)
VINTED_RATE_LIMIT_BURST_MAX = env.integer("VINTED_RATE_LIMIT_BURST_MAX", 0)
VINTED_RATE_LIMIT_BURST_WINDOW_SECONDS = env.integer("VINTED_RATE_LIMIT_BURST_WINDOW_SECONDS", 0)
# A re-export carrying the access token verified less than this ago skips the who-am-I call.
VINTED_REVERIFY_SECONDS = env.integer("VINTED_REVERIFY_SECONDS", 1800)
# The extension's session endpoint, per API token and per user, and per shop, on top of the
# general API throttle. Tests use wide defaults (as for API_RATE_LIMIT) and set their own.
VINTED_SESSION_THROTTLE = env.string("VINTED_SESSION_THROTTLE", "100000/min" if TESTING else "30/min")
VINTED_SESSION_SHOP_THROTTLE = env.string("VINTED_SESSION_SHOP_THROTTLE", "100000/min" if TESTING else "60/min")
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["vinted_session"] = VINTED_SESSION_THROTTLE
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["vinted_session_shop"] = VINTED_SESSION_SHOP_THROTTLE
# Who-am-I calls to Vinted that session exports may cause (each leaves from the platform's IP):
# per shop and for the whole platform. Fails closed, like the Vinted budget.
VINTED_WHOAMI_PER_SHOP = env.string("VINTED_WHOAMI_PER_SHOP", "100000/hour" if TESTING else "20/hour")
VINTED_WHOAMI_GLOBAL = env.string("VINTED_WHOAMI_GLOBAL", "100000/hour" if TESTING else "600/hour")
# Debug error pages too hide variables marked sensitive (Vinted sessions in local variables).
DEFAULT_EXCEPTION_REPORTER_FILTER = "vinted.debug.AlwaysSafeExceptionReporterFilter"
# Publication jobs (docs/publishing.md). A random pause between two mutating requests of one
# account: 20-50 s on the real Vinted sites (none under tests), none on the sandbox's sites by
# default. Pauses up to VINTED_INLINE_PAUSE_MAX_SECONDS are slept in the worker, longer ones are
# scheduled: the job lets the account go and is sent again when the pause ends.
VINTED_REQUEST_DELAY_MIN = env.float_number("VINTED_REQUEST_DELAY_MIN", 0.0 if TESTING else 20.0)
VINTED_REQUEST_DELAY_MAX = env.float_number("VINTED_REQUEST_DELAY_MAX", 0.0 if TESTING else 50.0)
VINTED_SANDBOX_REQUEST_DELAY_MIN = env.float_number("VINTED_SANDBOX_REQUEST_DELAY_MIN", 0.0)
VINTED_SANDBOX_REQUEST_DELAY_MAX = env.float_number("VINTED_SANDBOX_REQUEST_DELAY_MAX", 0.0)
VINTED_INLINE_PAUSE_MAX_SECONDS = env.float_number("VINTED_INLINE_PAUSE_MAX_SECONDS", 3.0)
# A running job's lease: longer than one request can take, so a dead worker's request has landed
# (or never will) before the job is reconciled.
VINTED_JOB_LEASE_SECONDS = env.integer(
    "VINTED_JOB_LEASE_SECONDS", int(VINTED_CONNECT_TIMEOUT + VINTED_READ_TIMEOUT) + 60
)
# A running job's heartbeat (vinted.jobs.pacing.AccountLock): a run that died holding its account
# is recognised within this, not at the end of its lease.
VINTED_RUN_HEARTBEAT_SECONDS = env.float_number("VINTED_RUN_HEARTBEAT_SECONDS", 6.0)
VINTED_JOB_REDISPATCH_SECONDS = env.integer("VINTED_JOB_REDISPATCH_SECONDS", 60)
VINTED_JOB_MAX_ATTEMPTS = env.integer("VINTED_JOB_MAX_ATTEMPTS", 10)
VINTED_DISPATCH_INTERVAL_SECONDS = env.float_number("VINTED_DISPATCH_INTERVAL_SECONDS", 15.0)
# Beat wakes up at least once per dispatch interval: a heartbeat older than three is beat down.
BEAT_HEARTBEAT_MAX_AGE_SECONDS = env.float_number(
    "BEAT_HEARTBEAT_MAX_AGE_SECONDS", 3 * float(VINTED_DISPATCH_INTERVAL_SECONDS)
)
# A job that lets its account go hands it to the next job due within this (the end of a pause,
# a budget slot): a short countdown on the broker, far below its visibility timeout.
VINTED_HANDOFF_MAX_WAIT_SECONDS = env.float_number("VINTED_HANDOFF_MAX_WAIT_SECONDS", 120.0)
# Wardrobe syncs (docs/publishing.md, "Sold detection"): hourly for an account without live listings;
# every VINTED_LIVE_SYNC_INTERVAL_SECONDS for one with live listings, as long as that stays within
# VINTED_SYNC_READS_PER_HOUR wardrobe pages (VINTED_LIVE_SYNC_INTERVAL_SECONDS=0: hourly for everyone).
VINTED_SYNC_INTERVAL_SECONDS = env.integer("VINTED_SYNC_INTERVAL_SECONDS", 3600)
VINTED_LIVE_SYNC_INTERVAL_SECONDS = env.integer("VINTED_LIVE_SYNC_INTERVAL_SECONDS", 60)
VINTED_SYNC_READS_PER_HOUR = env.integer("VINTED_SYNC_READS_PER_HOUR", 720)
# Automation rules leave this share of an account's request budget to the seller's own actions.
VINTED_AUTOMATION_RESERVE_SHARE = env.float_number("VINTED_AUTOMATION_RESERVE_SHARE", 0.25)
VINTED_AUTOMATION_INTERVAL_SECONDS = env.integer("VINTED_AUTOMATION_INTERVAL_SECONDS", 900)
VINTED_IMPORT_MAX_PER_SYNC = env.integer("VINTED_IMPORT_MAX_PER_SYNC", 50)
# Vinted reference data (category tree, brands, rules per category; docs/vinted.md): refreshed
# every VINTED_REFERENCE_REFRESH_SECONDS (0: only on demand), one pause after each lookup read.
VINTED_REFERENCE_REFRESH_SECONDS = env.integer("VINTED_REFERENCE_REFRESH_SECONDS", 24 * 3600)
VINTED_REFERENCE_READ_PAUSE_SECONDS = env.float_number("VINTED_REFERENCE_READ_PAUSE_SECONDS", 0.5)
VINTED_SANDBOX_REFERENCE_READ_PAUSE_SECONDS = env.float_number("VINTED_SANDBOX_REFERENCE_READ_PAUSE_SECONDS", 0.0)
CELERY_BEAT_SCHEDULE["vinted-dispatch-jobs"] = {
    "task": "vinted.jobs.dispatch_due",
    "schedule": timedelta(seconds=VINTED_DISPATCH_INTERVAL_SECONDS),
}
CELERY_BEAT_SCHEDULE["vinted-automation"] = {
    "task": "vinted.automation.run_due",
    "schedule": timedelta(seconds=VINTED_AUTOMATION_INTERVAL_SECONDS),
}
if VINTED_REFERENCE_REFRESH_SECONDS:
    CELERY_BEAT_SCHEDULE["vinted-reference-refresh"] = {
        "task": "vinted.tasks.refresh_reference_data",
        "schedule": timedelta(seconds=VINTED_REFERENCE_REFRESH_SECONDS),
    }
if VINTED_SYNC_INTERVAL_SECONDS:
    # Each tick queues only the accounts whose interval has passed (vinted.jobs.dispatch.sync_interval).
    CELERY_BEAT_SCHEDULE["vinted-sync-accounts"] = {
        "task": "vinted.jobs.sync_all_accounts",
        "schedule": timedelta(
            seconds=min(VINTED_SYNC_INTERVAL_SECONDS, VINTED_LIVE_SYNC_INTERVAL_SECONDS or VINTED_SYNC_INTERVAL_SECONDS)
        ),
    }

# --- ebay -----------------------------------------------------------------------
# The operator's eBay application (docs/ebay.md). Without the client id, secret and RuName the
# eBay channel is hidden. EBAY_ENVIRONMENT: "production" (api.ebay.com), "sandbox" (eBay's own
# Sandbox, api.sandbox.ebay.com) or "local" (Stoflow's eBay sandbox at EBAY_SANDBOX_URL).
# Tests run with placeholder keys (the channel shown); their eBay sandbox registers the same application.
EBAY_CLIENT_ID = env.string("EBAY_CLIENT_ID", "stoflow-test-app" if TESTING else "")
EBAY_CLIENT_SECRET = env.string("EBAY_CLIENT_SECRET", "stoflow-test-secret" if TESTING else "")
EBAY_RUNAME = env.string("EBAY_RUNAME", "stoflow-test-RuName" if TESTING else "")
EBAY_ENVIRONMENT = env.choice(
    "EBAY_ENVIRONMENT", ("production", "sandbox", "local"), "production" if PRODUCTION else "local"
)
EBAY_SANDBOX_URL = env.string("EBAY_SANDBOX_URL", "http://127.0.0.1:" + env.string("EBAY_SANDBOX_PORT", "8766"))
# Overrides of the hosts EBAY_ENVIRONMENT implies (a proxy, a recorded fixture server).
EBAY_API_URL = env.string("EBAY_API_URL", "")
EBAY_AUTH_URL = env.string("EBAY_AUTH_URL", "")
EBAY_MEDIA_URL = env.string("EBAY_MEDIA_URL", "")
# Media API POSTs per eBay user (ebay-api §5.1: 50 per 5 s), as a limiter policy staff can override.
EBAY_MEDIA_POSTS_PER_WINDOW = env.integer("EBAY_MEDIA_POSTS_PER_WINDOW", 50)
EBAY_MEDIA_WINDOW_SECONDS = env.integer("EBAY_MEDIA_WINDOW_SECONDS", 5)
# eBay's default daily call limits per application (ebay-api §8), counted per day (ebay/budget.py).
EBAY_INVENTORY_CALLS_PER_DAY = env.integer("EBAY_INVENTORY_CALLS_PER_DAY", 2_000_000)
EBAY_ACCOUNT_CALLS_PER_DAY = env.integer("EBAY_ACCOUNT_CALLS_PER_DAY", 25_000)
EBAY_FULFILLMENT_CALLS_PER_DAY = env.integer("EBAY_FULFILLMENT_CALLS_PER_DAY", 100_000)
EBAY_TAXONOMY_CALLS_PER_DAY = env.integer("EBAY_TAXONOMY_CALLS_PER_DAY", 5_000)
# Publishing jobs (docs/ebay.md, "Publishing"): the running job's lease (longer than a request can take,
# so a dead worker's request has landed or never will before the job is reconciled), the grace before a
# job handed to the broker is looked at again, the beat dispatcher's period, retries, and how long a job
# waits after eBay itself answered 429 (doubled on each further 429 of the job, at most a day).
EBAY_JOB_LEASE_SECONDS = env.integer("EBAY_JOB_LEASE_SECONDS", 5 + 30 + 60)
EBAY_JOB_REDISPATCH_SECONDS = env.integer("EBAY_JOB_REDISPATCH_SECONDS", 60)
EBAY_JOB_MAX_ATTEMPTS = env.integer("EBAY_JOB_MAX_ATTEMPTS", 10)
EBAY_DISPATCH_INTERVAL_SECONDS = env.float_number("EBAY_DISPATCH_INTERVAL_SECONDS", 15.0)
EBAY_RATE_LIMITED_WAIT_SECONDS = env.integer("EBAY_RATE_LIMITED_WAIT_SECONDS", 300)
CELERY_BEAT_SCHEDULE["ebay-dispatch-jobs"] = {
    "task": "ebay.jobs.dispatch_due",
    "schedule": timedelta(seconds=EBAY_DISPATCH_INTERVAL_SECONDS),
}
# Marketplace account deletion notifications (ebay-api §7.3): the verification token given to eBay
# (32-80 of A-Z a-z 0-9 _ -) and the endpoint URL exactly as registered. Without the token the endpoint
# answers 404.
EBAY_DELETION_VERIFICATION_TOKEN = env.string("EBAY_DELETION_VERIFICATION_TOKEN", "")
EBAY_DELETION_ENDPOINT = env.string(
    "EBAY_DELETION_ENDPOINT", SITE_URL.rstrip("/") + "/ebay/notifications/account-deletion"
)
# Sales on eBay (docs/ebay.md, "Sales"): every connected account's orders are read this often
# (0: only on demand, with "Check sales now").
EBAY_ORDERS_POLL_SECONDS = env.integer("EBAY_ORDERS_POLL_SECONDS", 60)
# An account with nothing live on eBay is read this often instead (a refund of an older sale still
# reaches the ledger), so the application's daily Fulfillment calls go to accounts that can sell.
EBAY_ORDERS_IDLE_POLL_SECONDS = env.integer("EBAY_ORDERS_IDLE_POLL_SECONDS", 3600)
if EBAY_ORDERS_POLL_SECONDS:
    CELERY_BEAT_SCHEDULE["ebay-poll-orders"] = {
        "task": "ebay.poll_all_orders",
        "schedule": timedelta(seconds=EBAY_ORDERS_POLL_SECONDS),
    }

from celery.schedules import crontab  # noqa: E402  (beat entries below)

# --- notifications --------------------------------------------------------------
# Webhook targets on private, loopback or link-local addresses are refused unless this is set
# (self-hosting next to the receiver). Every address the host resolves to is checked.
WEBHOOKS_ALLOW_PRIVATE_TARGETS = env.boolean("WEBHOOKS_ALLOW_PRIVATE_TARGETS", False)
WEBHOOKS_TIMEOUT_SECONDS = env.float_number("WEBHOOKS_TIMEOUT_SECONDS", 10.0)
# A failed delivery is tried again with a growing delay (30 s doubling, at most an hour) for this long.
WEBHOOKS_RETRY_FOR_SECONDS = env.integer("WEBHOOKS_RETRY_FOR_SECONDS", 24 * 3600)
NOTIFICATIONS_BATCH_SECONDS = env.integer("NOTIFICATIONS_BATCH_SECONDS", 3600)
CELERY_BEAT_SCHEDULE["notifications-deliver-webhooks"] = {
    "task": "notifications.deliver_due",
    "schedule": timedelta(seconds=30),
}
CELERY_BEAT_SCHEDULE["notifications-send-notices"] = {
    "task": "notifications.send_notices",
    "schedule": timedelta(minutes=5),
}
CELERY_BEAT_SCHEDULE["notifications-weekly-summary"] = {
    "task": "notifications.weekly_summaries",
    "schedule": crontab(day_of_week=1, hour=7, minute=0),
}

# --- ai -------------------------------------------------------------------------
# No key = the offline template writer (labelled "not written by AI"); any OpenAI-compatible
# server (Ollama, vLLM) works through AI_BASE_URL with a placeholder key.
AI_API_KEY = env.string("AI_API_KEY", env.string("OPENAI_API_KEY", ""))
AI_BASE_URL = env.string("AI_BASE_URL", "") or None
AI_MODEL = env.string("AI_MODEL", "gpt-4o-mini")
AI_TIMEOUT_SECONDS = env.float_number("AI_TIMEOUT_SECONDS", 60.0)
AI_CONNECT_TIMEOUT_SECONDS = env.float_number("AI_CONNECT_TIMEOUT_SECONDS", 5.0)
AI_CACHE_TTL_SECONDS = env.integer("AI_CACHE_TTL_SECONDS", 14 * 24 * 3600)
AI_NEGATIVE_CACHE_SECONDS = env.integer("AI_NEGATIVE_CACHE_SECONDS", 300)
AI_TASK_MAX_RETRIES = env.integer("AI_TASK_MAX_RETRIES", 3)
# EUR per 1M tokens (input, output). AI_PRICES_EUR adds or replaces rows: "model:in:out,...".
AI_PRICES_EUR_PER_1M = {
    "gpt-4o-mini": (0.14, 0.55),
    "gpt-4.1-mini": (0.37, 1.47),
    "gpt-4.1-nano": (0.09, 0.37),
    "gpt-4o": (2.30, 9.20),
}
for _row in env.items("AI_PRICES_EUR", ""):
    try:
        _name, _in, _out = _row.rsplit(":", 2)
        AI_PRICES_EUR_PER_1M[_name] = (float(_in), float(_out))
    except ValueError:
        raise ImproperlyConfigured(f"AI_PRICES_EUR rows are model:input:output, not {_row!r}.") from None
# The description cache evicts (CACHE_REDIS_URL), never on the limiter's instance.
CACHES["ai"] = {**_REDIS_CACHE, "KEY_PREFIX": "ai"}
# A photo draft nobody saves or discards is deleted with its photos after this long (ai.tasks.sweep_drafts).
AI_DRAFT_MAX_AGE_HOURS = env.integer("AI_DRAFT_MAX_AGE_HOURS", 7 * 24)
CELERY_BEAT_SCHEDULE["ai-sweep-drafts"] = {"task": "ai.sweep_drafts", "schedule": timedelta(hours=1)}

if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"] + PASSWORD_HASHERS
