"""Media API images (ebay-api §5.1): upload from a file, read back, served as the listing's picture."""

from datetime import UTC, datetime, timedelta

from . import errors
from .web import Response, json_response

# Magic numbers of the formats eBay takes (JPG, GIF, PNG, BMP, TIFF, WEBP; AVIF/HEIC by their ftyp box).
SIGNATURES = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"BM", "image/bmp"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
)


def sniff(data: bytes) -> str | None:
    for magic, kind in SIGNATURES:
        if data.startswith(magic):
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data[4:8] == b"ftyp" and data[8:12] in (b"avif", b"heic", b"heix", b"mif1"):
        return "image/avif" if data[8:12] == b"avif" else "image/heic"
    return None


def _error(status, error_id, message):
    return errors.error(status, error_id, message, api="media")


def within_post_limit(state, username) -> bool:
    """At most media_posts_per_5s Media POSTs per user in any 5 s; the refused ones count too."""
    with state.lock:
        now = state.now()
        recent = [t for t in state.data["media_posts"].get(username, []) if t > now - 5]
        recent.append(now)
        state.data["media_posts"][username] = recent
        return len(recent) <= state.config["media_posts_per_5s"]


def create_from_file(request, state, **_):
    if not within_post_limit(state, request.token["username"]):
        return errors.too_many_requests()
    part = request.multipart().get("image")
    if part is None:
        # Media error ids are unknown (ebay-api §5.1): the sandbox's choice.
        return _error(400, 190000, "The request has no file part named image.")
    data = part[2]
    kind = sniff(data)
    if kind is None:
        return _error(400, 190001, "The image format is not supported.")
    with state.lock:
        image_id = "v1|" + state.next_id("image") + "|0"
        expires = datetime.fromtimestamp(state.now(), tz=UTC) + timedelta(days=30)
        record = {
            "imageId": image_id,
            "username": request.token["username"],
            "contentType": kind,
            "size": len(data),
            "expirationDate": expires.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
            "imageUrl": f"{request.base_url}/images/g/{state.data['counters']['image']}/s-l1600.jpg",
        }
        state.data["images"][image_id] = record
        state.image_bytes[str(state.data["counters"]["image"])] = (kind, data)
    location = f"{request.base_url}/commerce/media/v1_beta/image/{image_id}"
    return json_response({"imageUrl": record["imageUrl"], "expirationDate": record["expirationDate"]}, 201).header(
        "Location", location
    )


def get_image(request, state, image_id, **_):
    record = state.data["images"].get(image_id.replace("%7C", "|").replace("%7c", "|"))
    if record is None or record["username"] != request.token["username"]:
        return _error(404, 190002, "The image was not found.")
    return json_response({"imageUrl": record["imageUrl"], "expirationDate": record["expirationDate"]})


def serve(request, state, number, **_):
    found = state.image_bytes.get(number)
    if found is None:
        return Response(404, b"")
    return Response(200, found[1], found[0])
