"""The catalog's, the notifications' and the AI's settings."""

from datetime import timedelta

from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from stoflow import env
from stoflow.settings.stores import CELERY_BEAT_SCHEDULE

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
CATALOG_PURGE_WORKER_PRODUCTS = env.integer("CATALOG_PURGE_WORKER_PRODUCTS", 200)
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
# A photo draft nobody saves or discards is deleted with its photos after this long (ai.tasks.sweep_drafts).
AI_DRAFT_MAX_AGE_HOURS = env.integer("AI_DRAFT_MAX_AGE_HOURS", 7 * 24)
CELERY_BEAT_SCHEDULE["ai-sweep-drafts"] = {"task": "ai.sweep_drafts", "schedule": timedelta(hours=1)}
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
