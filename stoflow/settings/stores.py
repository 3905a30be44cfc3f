"""The data stores: PostgreSQL, Redis, the caches, the sessions and Celery's broker and beat."""

from datetime import timedelta

import dj_database_url

from stoflow import env

# --- Data stores ------------------------------------------------------------
DATABASE_URL = env.string("DATABASE_URL", "postgres://postgres@127.0.0.1:55432/stoflow")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env.integer("DB_CONN_MAX_AGE", 60))}
DATABASES["default"]["ENGINE"] = "django_tenants.postgresql_backend"
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# django-tenants otherwise sends `SET search_path` before every statement: half of a sale's
# queries were that. It now sends it when the shop changes (set_tenant) and again after a rollback
# undid it; the connection keeps it between statements (decision 0014).
TENANT_LIMIT_SET_CALLS = True
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
    # The AI's description cache, on the evicting instance too, never on the limiter's.
    "ai": {**_REDIS_CACHE, "KEY_PREFIX": "ai"},
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
