"""Passwords, sign-in limits, health checks' access, security headers and the Content-Security-Policy."""

from stoflow import env
from stoflow.settings.base import PRODUCTION, TESTING
from stoflow.settings.storage import MEDIA_REDIRECT_ORIGIN

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

if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"] + PASSWORD_HASHERS
