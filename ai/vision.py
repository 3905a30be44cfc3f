"""The vision provider: a listing proposal from a seller's photos (Chat Completions with image parts).

Photos are sent as normalised JPEG thumbnails in data URLs (never the originals: bounded tokens,
no EXIF). The category is chosen from a shortlist of live leaf ids the server builds; the model
may only pick one of them or null. Brand and size carry the photo number they were read on; the
post-check (`check_proposal`) refuses a category outside the shortlist and drops a brand or size
without readable evidence, so nothing is invented.
"""

import base64
import hashlib
import io
import json
from dataclasses import asdict, dataclass, field

from django.conf import settings
from PIL import Image, ImageOps

from .errors import GenerationError
from .languages import LANGUAGE_NAMES_EN
from .provider import call_chat

VISION_PROMPT_VERSION = 1
TASK = "photo_proposal"
MAX_PHOTOS = 8
THUMBNAIL_SIDE = 768  # OpenAI's "low"/"high" tiles: 768 px keeps a care label readable
THUMBNAIL_QUALITY = 80
SCHEMA_NAME = "photo_listing_proposal"

_CONFIDENCE = {"type": "number", "minimum": 0, "maximum": 1}
_EVIDENCE = {"type": "array", "items": {"type": "integer"}}  # 1-based photo numbers


def _field(value_schema: dict) -> dict:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["value", "confidence", "photos"],
        "properties": {"value": value_schema, "confidence": _CONFIDENCE, "photos": _EVIDENCE},
    }


OUTPUT_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": [
        "category_id",
        "category_confidence",
        "brand",
        "size",
        "colours",
        "materials",
        "condition",
        "flaws",
        "title",
        "description",
    ],
    "properties": {
        "category_id": {"type": ["integer", "null"]},
        "category_confidence": _CONFIDENCE,
        "brand": _field({"type": ["string", "null"]}),
        "size": _field({"type": ["string", "null"]}),
        "colours": _field({"type": "array", "items": {"type": "string"}}),
        "materials": _field({"type": "array", "items": {"type": "string"}}),
        "condition": _field(
            {
                "type": ["string", "null"],
                "enum": ["new_with_tags", "new_without_tags", "very_good", "good", "satisfactory", None],
            }
        ),
        "flaws": _field({"type": "array", "items": {"type": "string"}}),
        "title": {"type": "string"},
        "description": {"type": "string"},
    },
}

INSTRUCTIONS = (
    "You help a second-hand seller list an item from their photos. Answer with the JSON schema only.\n"
    "- category_id: one id from the shortlist, the leaf that fits the item; null when none fits. Never "
    "another number.\n"
    "- brand: only when a label, tag or logo on a photo is readable; photos = the numbers of those photos. "
    "Otherwise value null, photos [].\n"
    "- size: only when printed on a size tag on a photo; otherwise null.\n"
    "- materials: only from a readable care label; otherwise [].\n"
    "- colours: from the colour list given; condition and flaws: what the photos show.\n"
    "- title and description: in the seller's language, stating only what the photos show.\n"
    "- confidence: 0 to 1 for each field, honest about doubt."
)


@dataclass
class Proposal:
    category_id: int | None
    category_confidence: float
    brand: dict
    size: dict
    colours: dict
    materials: dict
    condition: dict
    flaws: dict
    title: str
    description: str
    dropped: list[str] = field(default_factory=list)  # fields removed by the post-check

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class VisionResult:
    proposal: Proposal
    model: str
    tokens_in: int
    tokens_out: int
    request_id: str


def thumbnail(data: bytes) -> bytes:
    """The photo upright, long side at most THUMBNAIL_SIDE, as a JPEG without metadata."""
    image = Image.open(io.BytesIO(data))
    image.draft("RGB", (THUMBNAIL_SIDE, THUMBNAIL_SIDE))
    image = ImageOps.exif_transpose(image).convert("RGB")
    image.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=THUMBNAIL_QUALITY)
    return out.getvalue()


def data_url(jpeg: bytes) -> str:
    return "data:image/jpeg;base64," + base64.b64encode(jpeg).decode("ascii")


def photo_hashes(photos: list[bytes]) -> list[str]:
    return [hashlib.sha256(p).hexdigest() for p in photos]


def response_format() -> dict:
    return {"type": "json_schema", "json_schema": {"name": SCHEMA_NAME, "schema": OUTPUT_SCHEMA, "strict": True}}


def build_messages(
    thumbnails: list[bytes], shortlist: list[tuple[int, str]], colours: list[str], language: str
) -> list[dict]:
    request = {
        "language": LANGUAGE_NAMES_EN[language],
        "photos": len(thumbnails),
        "shortlist": [{"id": cid, "path": path} for cid, path in shortlist],
        "colours": colours,
    }
    parts = [{"type": "text", "text": "Request:\n" + json.dumps(request, ensure_ascii=False)}]
    for number, jpeg in enumerate(thumbnails, start=1):
        parts.append({"type": "text", "text": f"Photo {number}:"})
        parts.append({"type": "image_url", "image_url": {"url": data_url(jpeg), "detail": "high"}})
    return [{"role": "system", "content": INSTRUCTIONS}, {"role": "user", "content": parts}]


def _proposal_from(content: str) -> Proposal:
    try:
        data = json.loads(content)
        fields = {name: dict(data[name]) for name in ("brand", "size", "colours", "materials", "condition", "flaws")}
        for name, value in fields.items():
            value["confidence"] = float(value["confidence"])
            value["photos"] = [int(n) for n in value["photos"]]
            if name in ("colours", "materials", "flaws"):
                value["value"] = [str(v) for v in value["value"]]
        category = data["category_id"]
        return Proposal(
            category_id=None if category is None else int(category),
            category_confidence=float(data["category_confidence"]),
            title=str(data["title"]),
            description=str(data["description"]),
            **fields,
        )
    except (TypeError, ValueError, KeyError, AttributeError) as exc:
        raise GenerationError("malformed", type(exc).__name__) from None


def check_proposal(proposal: Proposal, *, shortlist_ids: set[int], photo_count: int) -> Proposal:
    """Refuse a category outside the shortlist; drop a brand, size or material with no photo as evidence."""
    if proposal.category_id is not None and proposal.category_id not in shortlist_ids:
        raise GenerationError("ungrounded", f"category {proposal.category_id} is not in the shortlist")
    for name in ("brand", "size", "materials", "flaws", "condition", "colours"):
        entry = getattr(proposal, name)
        entry["photos"] = sorted({n for n in entry["photos"] if 1 <= n <= photo_count})
        evidence_needed = name in ("brand", "size", "materials")
        if evidence_needed and entry["value"] and not entry["photos"]:
            proposal.dropped.append(name)
            entry.update(value=[] if name == "materials" else None, confidence=0.0)
    return proposal


def analyse(
    photos: list[bytes],
    *,
    shortlist: list[tuple[int, str]],
    colours: list[str],
    language: str,
    client=None,
    model: str | None = None,
) -> VisionResult:
    if not 1 <= len(photos) <= MAX_PHOTOS:
        raise GenerationError("bad_request", f"{len(photos)} photos")
    model = model or settings.AI_MODEL
    thumbnails = [thumbnail(p) for p in photos]
    completion, request_id = call_chat(
        build_messages(thumbnails, shortlist, colours, language), response_format(), client=client, model=model
    )
    proposal = check_proposal(
        _proposal_from(completion.choices[0].message.content or ""),
        shortlist_ids={cid for cid, _path in shortlist},
        photo_count=len(photos),
    )
    usage = completion.usage
    return VisionResult(
        proposal=proposal,
        model=completion.model or model,
        tokens_in=getattr(usage, "prompt_tokens", 0) or 0,
        tokens_out=getattr(usage, "completion_tokens", 0) or 0,
        request_id=request_id,
    )
