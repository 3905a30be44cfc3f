"""Static files, and where media (photos, CSV imports, shop exports) are stored: disk or S3."""

from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from stoflow import env
from stoflow.settings.base import BASE_DIR

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
