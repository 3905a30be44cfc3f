"""The mode, secrets, applications, request pipeline, languages, e-mail and logging."""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from stoflow import env

BASE_DIR = Path(__file__).resolve().parent.parent.parent
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

# --- Logging ------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_secrets": {"()": "stoflow.logging.RedactSecretsFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["redact_secrets"]}},
    "root": {"handlers": ["console"], "level": env.string("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
