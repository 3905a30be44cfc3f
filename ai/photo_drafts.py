"""A new product from photos: the photos and the proposal are kept as a draft until the seller has
checked each field, then the product is created with its photos through catalog's services.

A draft lives in the default storage under the shop's prefix (`<schema>/ai-drafts/<id>/`): the
photos as uploaded and `draft.json` (the proposal, the offline analysis, the mode). Nothing enters
the catalog before the seller saves. With an API key the proposal comes from the vision model
(`services.propose_from_photos`: cache, credits, grounding post-check); without one, or when the
model fails, from the offline analysis: colours and photo quality only, and a text written from
what is known (the seller's hint and the colours) by the offline writer.
"""

import json
import logging
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import Http404
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from . import catalog_adapter, offline, photo_analysis, provider, selectors, services, vision
from .drafts.models import DraftIndex
from .errors import GenerationError, message_for
from .facts import ProductFacts
from .options import GenerationOptions
from .vision import MAX_PHOTOS

log = logging.getLogger(__name__)

MODE_AI, MODE_OFFLINE = "ai", "offline"
SWEEP_BATCH = 500  # drafts deleted per sweep at most; the next hourly run takes the rest
# Fields whose evidence is a label or tag: their photo numbers say where it was read.
LABEL_FIELDS = ("brand", "size", "materials")


# What the seller reads when the model gave no proposal, where the text task's message would mislead.
PROPOSAL_FAILURES = {
    "refused": _("The AI declined to read these photos."),
    "malformed": _("The AI's answer about these photos could not be read."),
    "ungrounded": _("The AI chose a category outside the list offered, so its proposal was discarded."),
}


class DraftRefused(Exception):
    """The photos cannot start a draft (none, too many, unreadable, too large): a message for the seller."""


@dataclass
class Draft:
    id: uuid.UUID
    language: str
    hint: str
    mode: str
    photos: list[str]  # storage names, in the seller's order
    proposal: dict
    reports: list[dict]  # per photo: index, width, height, warning codes
    error: str = ""  # why the model gave no proposal (the offline one is shown instead)
    cached: bool = False
    credits: int = 0
    created_at: str = ""
    dropped: list[str] = field(default_factory=list)
    hashes: list[str] = field(default_factory=list)  # each photo's sha256, taken once when it was stored

    def warnings(self) -> list[tuple[int, list[str]]]:
        """(photo number, translated messages) of the photos with something to fix."""
        out = []
        for report in self.reports:
            messages = photo_analysis.PhotoReport(
                index=report["index"], width=report["width"], height=report["height"], warnings=report["warnings"]
            ).messages()
            if messages:
                out.append((report["index"], messages))
        return out

    @property
    def error_message(self) -> str:
        if not self.error:
            return ""
        return str(PROPOSAL_FAILURES.get(self.error) or message_for(self.error))


def _prefix(draft_id, schema_name: str | None = None) -> str:
    return f"{schema_name or connection.schema_name}/ai-drafts/{draft_id}/"


def offline_proposal(analysis: photo_analysis.PhotoSetAnalysis, *, hint: str, language: str) -> dict:
    """The proposal the offline analysis can make: colours with their share and the photos they are
    on; no category, brand, size, material or condition; a text from the hint and the colours."""
    nothing = {"value": None, "confidence": 0.0, "photos": []}
    on_photos = sorted({r.index for r in analysis.photos for name, _share in r.colours if name in analysis.colours})
    facts = ProductFacts(title=hint.strip()[:100], colours=tuple(analysis.colours))
    draft = offline.compose(facts, GenerationOptions(language=language))
    return {
        "category_id": None,
        "category_confidence": 0.0,
        "brand": dict(nothing),
        "size": dict(nothing),
        "colours": {
            "value": list(analysis.colours),
            "confidence": round(sum(analysis.shares.get(name, 0.0) for name in analysis.colours), 2),
            "photos": on_photos,
        },
        "materials": {"value": [], "confidence": 0.0, "photos": []},
        "condition": dict(nothing),
        "flaws": {"value": [], "confidence": 0.0, "photos": []},
        "title": draft.title,
        "description": draft.description,
        "dropped": [],
    }


def create_draft(photos: list[bytes], *, tenant, language: str, hint: str = "", user=None, client=None) -> Draft:
    """Analyse the photos and keep them with the proposal. Raises DraftRefused."""
    if not photos:
        raise DraftRefused(str(_("Add at least one photo.")))
    if len(photos) > MAX_PHOTOS:
        raise DraftRefused(str(_("At most %(max)s photos: leave some out.") % {"max": MAX_PHOTOS}))
    analysis = photo_analysis.analyse_photos(photos, selectors.marketplace_palette())
    if all("unreadable" in r.warnings for r in analysis.photos):
        raise DraftRefused(str(photo_analysis.WARNINGS["unreadable"]))
    # Hashed once, here, and kept with the draft: the proposal's cache key is built from these.
    hashes = vision.photo_hashes(photos)
    mode, error, proposal, cached, credits = MODE_OFFLINE, "", None, False, 0
    if provider.is_configured():
        try:
            value, cached = services.propose_from_photos(
                photos, hashes=hashes, tenant=tenant, language=language, hint=hint, user=user, client=client
            )
        except GenerationError as exc:
            error = exc.code
        else:
            mode, proposal, credits = MODE_AI, dict(value["proposal"]), 0 if cached else value["credits"]
            if not proposal["colours"]["value"] and analysis.colours:
                # The model saw no colour it could name from the list: the measured ones are better than none.
                proposal["colours"] = offline_proposal(analysis, hint=hint, language=language)["colours"]
    if proposal is None:
        proposal = offline_proposal(analysis, hint=hint, language=language)
    draft_id = uuid.uuid4()
    prefix = _prefix(draft_id)
    created_at = timezone.now()
    # Indexed before anything is stored: files whose draft.json never got written are swept too.
    DraftIndex.objects.create(tenant_schema=connection.schema_name, draft_id=draft_id, created_at=created_at)
    names = [default_storage.save(f"{prefix}{n}.photo", ContentFile(data)) for n, data in enumerate(photos, start=1)]
    draft = Draft(
        id=draft_id,
        language=language,
        hint=hint,
        mode=mode,
        photos=names,
        proposal=proposal,
        reports=[
            {"index": r.index, "width": r.width, "height": r.height, "warnings": list(r.warnings)}
            for r in analysis.photos
        ],
        error=error,
        cached=cached,
        credits=credits,
        created_at=created_at.isoformat(),
        dropped=list(proposal.get("dropped") or []),
        hashes=hashes,
    )
    default_storage.save(f"{prefix}draft.json", ContentFile(json.dumps(_as_json(draft)).encode()))
    return draft


def _as_json(draft: Draft) -> dict:
    return {**draft.__dict__, "id": str(draft.id)}


def get_draft(draft_id) -> Draft:
    """A draft of the current shop, or 404 (another shop's id names no file under this prefix)."""
    name = f"{_prefix(draft_id)}draft.json"
    if not default_storage.exists(name):
        raise Http404("No such draft")
    with default_storage.open(name, "rb") as handle:
        data = json.loads(handle.read())
    return Draft(**{**data, "id": uuid.UUID(data["id"])})


def photo_bytes(draft: Draft) -> list[bytes]:
    out = []
    for name in draft.photos:
        with default_storage.open(name, "rb") as handle:
            out.append(handle.read())
    return out


def thumbnail(draft: Draft, number: int) -> bytes:
    """Photo `number` (1-based) as the JPEG thumbnail the model sees (HEIC and PNG included). Raises OSError."""
    if not 1 <= number <= len(draft.photos):
        raise Http404("No such photo")
    with default_storage.open(draft.photos[number - 1], "rb") as handle:
        return vision.thumbnail(handle.read())


def discard(draft: Draft) -> None:
    _delete_stored(connection.schema_name, draft.id)


def _delete_stored(schema_name: str, draft_id) -> None:
    """Every file under the draft's prefix (photos, draft.json, a half-written upload), then its index row."""
    prefix = _prefix(draft_id, schema_name)
    try:
        _dirs, files = default_storage.listdir(prefix)
    except FileNotFoundError:
        files = []
    for name in files:
        default_storage.delete(prefix + name)
    try:
        default_storage.delete(prefix.rstrip("/"))  # the folder, on a file system; nothing on S3
    except OSError:
        pass
    DraftIndex.objects.filter(tenant_schema=schema_name, draft_id=draft_id).delete()


def sweep_old_drafts(now: datetime | None = None) -> int:
    """Deletes the drafts older than AI_DRAFT_MAX_AGE_HOURS with their photos, from the public index
    (no shop schema is opened). Returns how many were deleted."""
    cutoff = (now or timezone.now()) - timedelta(hours=settings.AI_DRAFT_MAX_AGE_HOURS)
    rows = list(
        DraftIndex.objects.filter(created_at__lt=cutoff)
        .order_by("created_at")
        .values_list("tenant_schema", "draft_id")[:SWEEP_BATCH]
    )
    for schema_name, draft_id in rows:
        _delete_stored(schema_name, draft_id)
    if rows:
        log.info("swept %s photo drafts older than %s", len(rows), cutoff.isoformat())
    return len(rows)


def index_stored_drafts(schema_name: str) -> int:
    """Index rows for the drafts stored under a shop's prefix that have none (a shop restored from
    an export brings its draft files but no public rows). A draft keeps the age its draft.json
    records; without one it counts from now. Returns how many rows were written."""
    try:
        folders, _files = default_storage.listdir(f"{schema_name}/ai-drafts/")
    except FileNotFoundError:
        return 0
    written = 0
    for folder in folders:
        try:
            draft_id = uuid.UUID(folder)
        except ValueError:
            continue
        _row, created = DraftIndex.objects.get_or_create(
            tenant_schema=schema_name,
            draft_id=draft_id,
            defaults={"created_at": _recorded_at(_prefix(draft_id, schema_name))},
        )
        written += created
    return written


def _recorded_at(prefix: str) -> datetime:
    try:
        with default_storage.open(prefix + "draft.json", "rb") as handle:
            created = parse_datetime(json.loads(handle.read()).get("created_at") or "")
    except (OSError, ValueError):
        created = None
    return created or timezone.now()


def on_shop_restored(sender, *, schema_name: str, **kwargs) -> None:
    """tenants.signals.shop_restored: the restored drafts enter the sweep index."""
    index_stored_drafts(schema_name)


def save_product(draft: Draft, data: dict, *, tenant):
    """The product, created from the seller's checked fields with the draft's photos; then the
    draft is gone. Raises catalog's ValidationError, PhotoRejected or QuotaExceeded."""
    product = catalog_adapter.create_product(tenant, data, photo_bytes(draft))
    discard(draft)
    return product
