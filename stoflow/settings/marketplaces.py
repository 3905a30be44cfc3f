"""The Vinted and eBay channels: endpoints, timeouts, request budgets, jobs and their beat entries."""

import math
from datetime import timedelta
from pathlib import Path

from stoflow import env
from stoflow.settings.api import REST_FRAMEWORK
from stoflow.settings.base import BASE_DIR, PRODUCTION, SITE_URL, TESTING
from stoflow.settings.stores import CELERY_BEAT_SCHEDULE

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
# The beat task claims at most VINTED_SYNC_TICK_MAX due accounts a tick and hands them to the
# workers in tasks of VINTED_SYNC_BATCH accounts (docs/publishing.md, "Periodic syncs").
VINTED_SYNC_TICK_MAX = env.integer("VINTED_SYNC_TICK_MAX", 20_000)
VINTED_SYNC_BATCH = env.integer("VINTED_SYNC_BATCH", 100)
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
# Beat reads the public poll index (channels.PollSchedule: Vinted syncs, eBay orders) this often. A
# tick is one indexed query; ticking only once per interval made a poll that started a few seconds
# late miss the next tick and wait a second interval (docs/scaling.md, "Periodic polls").
CHANNEL_POLL_TICK_SECONDS = env.integer("CHANNEL_POLL_TICK_SECONDS", 10)
if VINTED_SYNC_INTERVAL_SECONDS:
    # Each tick queues only the accounts whose interval has passed (vinted.jobs.dispatch.sync_interval).
    CELERY_BEAT_SCHEDULE["vinted-sync-accounts"] = {
        "task": "vinted.jobs.sync_all_accounts",
        "schedule": timedelta(
            seconds=min(
                CHANNEL_POLL_TICK_SECONDS,
                VINTED_SYNC_INTERVAL_SECONDS,
                VINTED_LIVE_SYNC_INTERVAL_SECONDS or VINTED_SYNC_INTERVAL_SECONDS,
            )
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
        "schedule": timedelta(seconds=min(CHANNEL_POLL_TICK_SECONDS, EBAY_ORDERS_POLL_SECONDS)),
    }
