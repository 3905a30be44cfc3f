"""Photo upload (docs/vinted-api.md §3) and serving the stored bytes, so a repost can download them."""

import io
import time
import uuid
from email.parser import BytesParser
from email.policy import HTTP

from PIL import Image, UnidentifiedImageError

from . import errors
from .messages import text
from .web import Response, json_response, ok

MAX_SIDE = 8192  # beyond this Vinted answers code 51 (dimensions too big)
THUMB_SIZES = [
    ("thumb70x100", 70, 100),
    ("thumb150x210", 150, 210),
    ("thumb310x430", 310, 430),
    ("thumb364x428", 364, 428),
    ("thumb428x624", 428, 624),
]


def parse_multipart(request) -> tuple[dict, dict]:
    """(fields, files) of a multipart/form-data body; files map to (filename, type, bytes)."""
    content_type = request.headers.get("Content-Type") or ""
    if not content_type.startswith("multipart/form-data"):
        return {}, {}
    message = BytesParser(policy=HTTP).parsebytes(f"Content-Type: {content_type}\r\n\r\n".encode() + request.body)
    fields, files = {}, {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not name:
            continue
        payload = part.get_payload(decode=True) or b""
        filename = part.get_filename()
        if filename is not None:
            files[name] = (filename, part.get_content_type(), payload)
        else:
            fields[name] = payload.decode("utf-8", "replace")
    return fields, files


def photo_json(photo: dict, base_url: str) -> dict:
    root = f"{base_url}/images/{photo['id']}"
    return {
        "id": photo["id"],
        "temp_uuid": photo["temp_uuid"],
        "url": f"{root}/f800.jpg",
        "full_size_url": f"{root}/full.jpg",
        "width": photo["width"],
        "height": photo["height"],
        "dominant_color": "#B2B2B2",
        "dominant_color_opaque": "#E8E8E8",
        "orientation": 0,
        "is_suspicious": False,
        "is_hidden": False,
        "extra": {},
        "high_resolution": {"id": f"sandbox-{photo['id']}", "timestamp": int(photo["created_at"]), "orientation": None},
        "thumbnails": [
            {"type": name, "url": f"{root}/{name}.jpg", "width": w, "height": h, "original_size": False}
            for name, w, h in THUMB_SIZES
        ],
    }


def upload(request, state, **_):
    """POST /api/v2/photos: one photo, multipart; answers the photo object at the top level."""
    fields, files = parse_multipart(request)
    locale = request.locale
    if "photo[file]" not in files:
        return json_response(
            {
                "code": 50,
                "message": text("photo_upload", locale),
                "message_code": "photo_upload_error",
                "errors": [{"field": "photo[file]", "value": text("photo_upload", locale)}],
            },
            400,
        )
    filename, content_type, data = files["photo[file]"]
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
            width, height = image.size
            image_format = image.format
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return json_response(
            {"code": 50, "message": text("photo_upload", locale), "message_code": "photo_upload_error"}, 400
        )
    if width > MAX_SIDE or height > MAX_SIDE:
        return json_response(
            {"code": 51, "message": text("photo_dimensions", locale), "message_code": "photo_dimensions_too_big"}, 400
        )
    temp_uuid = fields.get("photo[temp_uuid]") or str(uuid.uuid4())
    photo = {
        "id": state.next_id("photo"),
        "seller_id": request.seller_id,
        "site": request.site.code,
        "temp_uuid": temp_uuid,
        "type": fields.get("photo[type]", "item"),
        "filename": filename,
        "format": image_format,
        "content_type": Image.MIME.get(image_format, content_type),
        "data": data,
        "width": width,
        "height": height,
        "created_at": time.time(),
    }
    with state.lock:
        state.photos[photo["id"]] = photo
        state.save()
    return ok(photo_json(photo, request.base_url))


def list_session(request, state, **_):
    """GET /api/v2/photos?temp_uuid=: an upload session's photos (own photos only)."""
    wanted = request.query.get("temp_uuid")
    with state.lock:
        found = [
            p
            for p in state.photos.values()
            if p["seller_id"] == request.seller_id and (not wanted or p["temp_uuid"] == wanted)
        ]
    return ok({"photos": [photo_json(p, request.base_url) for p in found]})


def serve(request, state, photo_id, variant, **_):
    """GET /images/<id>/<variant>.jpg: the original bytes, or a real down-scaled thumbnail."""
    photo = state.photos.get(int(photo_id)) if photo_id.isdigit() else None
    if photo is None:
        return errors.not_found_html()
    size = next(((w, h) for name, w, h in THUMB_SIZES if name == variant), None)
    data, content_type = photo["data"], photo["content_type"]
    if size:
        with Image.open(io.BytesIO(data)) as image:
            image.thumbnail(size)
            out = io.BytesIO()
            image.convert("RGB").save(out, "JPEG", quality=85)
        data, content_type = out.getvalue(), "image/jpeg"
    response = Response(200, data, content_type)
    return response.header("Cache-Control", "public, max-age=31536000")
