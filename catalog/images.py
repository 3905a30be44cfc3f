"""Turn an uploaded image into the JPEGs we store: checked, oriented, stripped, resized.

Pure functions on bytes; storage and the database are photos.py's business.
"""

import io
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError
from pillow_heif import register_heif_opener

register_heif_opener()

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "HEIF", "MPO"}
LONG_SIDE = 1600
THUMBNAIL = 400
SMALL = 120


class PhotoRejected(ValueError):
    """An upload we refuse, with a message a seller can act on."""


@dataclass
class ProcessedImage:
    image: bytes
    thumbnail: bytes
    small: bytes
    width: int
    height: int


def read_upload(upload) -> bytes:
    """Bytes of an UploadedFile or bytes, refusing anything over the size limit without reading it all."""
    limit = settings.CATALOG_MAX_UPLOAD_BYTES
    if isinstance(upload, (bytes, bytearray)):
        data = bytes(upload)
    else:
        size = getattr(upload, "size", None)
        if size is not None and size > limit:
            raise PhotoRejected(_too_big(upload, size))
        upload.seek(0)
        data = upload.read(limit + 1)
    if len(data) > limit:
        raise PhotoRejected(_too_big(upload, len(data)))
    if not data:
        raise PhotoRejected(_("The file is empty."))
    return data


def _too_big(upload, size: int) -> str:
    return _("%(name)s is %(size)s MB; the limit is %(limit)s MB.") % {
        "name": getattr(upload, "name", None) or _("The photo"),
        "size": round(size / 1_048_576, 1),
        "limit": round(settings.CATALOG_MAX_UPLOAD_BYTES / 1_048_576, 1),
    }


def _jpeg(image: Image.Image, quality: int = 85) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality, optimize=True, progressive=True)
    return out.getvalue()


def peek(data: bytes) -> tuple[int, int]:
    """Width and height from the header alone, with the format and pixel checks: no pixel is
    decoded, so the web process can refuse a file or hand a large one to the worker cheaply."""
    image = _open(data, load=False)
    return image.size


def _open(data: bytes, load: bool = True) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in ACCEPTED_FORMATS:
                raise PhotoRejected(_("Only JPEG, PNG, WebP and HEIC photos are accepted."))
            width, height = image.size
            if width * height > settings.CATALOG_MAX_IMAGE_PIXELS:
                raise PhotoRejected(
                    _("This image is too large in pixels (%(w)s × %(h)s) to be a photo.") % {"w": width, "h": height}
                )
            if not load:
                return image
            if image.format in ("JPEG", "MPO"):
                # Decode at 1/2, 1/4 or 1/8 scale when the long side still reaches LONG_SIDE: the
                # full-size pixels of a 48 MP photo are never in memory.
                scale = LONG_SIDE / max(width, height)
                if scale < 1:
                    image.draft("RGB", (max(1, int(width * scale)), max(1, int(height * scale))))
            image.load()
            return image
    except PhotoRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PhotoRejected(_("This image is too large in pixels to be a photo.")) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise PhotoRejected(_("This file is not an image we can read (JPEG, PNG, WebP or HEIC).")) from None


STRIP_ROWS = 256


def _reduce(image: Image.Image) -> Image.Image:
    """The image shrunk by a whole factor to no less than twice LONG_SIDE (or as it is).

    Pillow reduces an image with alpha through a premultiplied copy of the whole image, and a
    palette image must be converted first: both are done a strip at a time, so the only
    full-size pixels in memory are the decoded ones."""
    factor = int(max(image.size) / (2 * LONG_SIDE))
    if factor < 2:
        return image
    if image.mode not in ("RGBA", "LA", "P", "PA"):
        return image.reduce(factor)
    mode = "LA" if image.mode == "LA" else "RGBA"
    width, height = image.size
    reduced = Image.new(mode, (-(-width // factor), -(-height // factor)))
    step = STRIP_ROWS * factor
    for top in range(0, height, step):
        strip = image.crop((0, top, width, min(height, top + step)))
        reduced.paste(strip.convert(mode).reduce(factor), (0, top // factor))
    reduced.info = image.info  # EXIF orientation and the like, for exif_transpose
    return reduced


def process(data: bytes) -> ProcessedImage:
    image = _open(data)
    # Shrink first: every copy below (orientation, flattening, the metadata-free image) is then
    # made at about LONG_SIDE, not at the decoded size.
    image = _reduce(image)
    image = ImageOps.exif_transpose(image)
    if image.mode in ("RGBA", "LA", "P"):
        image = image.convert("RGBA")
        flat = Image.new("RGB", image.size, (255, 255, 255))
        flat.paste(image, mask=image.split()[-1])
        image = flat
    elif image.mode != "RGB":
        image = image.convert("RGB")
    # A fresh image carries no metadata at all: no EXIF, no GPS, no maker notes.
    clean = Image.new("RGB", image.size)
    clean.paste(image)
    clean.thumbnail((LONG_SIDE, LONG_SIDE), Image.Resampling.LANCZOS)
    thumb = clean.copy()
    thumb.thumbnail((THUMBNAIL, THUMBNAIL), Image.Resampling.LANCZOS)
    small = clean.copy()
    small.thumbnail((SMALL, SMALL), Image.Resampling.LANCZOS)
    return ProcessedImage(
        image=_jpeg(clean), thumbnail=_jpeg(thumb, 80), small=_jpeg(small, 75), width=clean.width, height=clean.height
    )
