"""A job's history in the seller's words ("Photo 2 of 5 uploaded"), with the request log kept
beside each entry for support (method, path, HTTP status, duration, outcome)."""

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..client.outcomes import Kind
from ..jobs import selectors as job_selectors
from ..jobs.models import Job, JobEvent

_PHOTO = re.compile(r"^/api/v2/photos$")
_CREATE = re.compile(r"^/api/v2/item_upload/items$")
_ITEM = re.compile(r"^/api/v2/item_upload/items/\d+$")
_DELETE = re.compile(r"^/api/v2/items/\d+/delete$")
_WARDROBE = re.compile(r"^/api/v2/wardrobe/\d+/items")

_OUTCOMES = {
    Kind.VALIDATION_ERROR.value: gettext_lazy("Vinted refused some fields"),
    Kind.SESSION_EXPIRED.value: gettext_lazy("the Vinted session had expired"),
    Kind.CSRF_REFRESH.value: gettext_lazy("Vinted refused the session"),
    Kind.BOT_CHALLENGE.value: gettext_lazy("Vinted asked for a security check"),
    Kind.RATE_LIMITED.value: gettext_lazy("Vinted said too many requests"),
    Kind.TRANSIENT.value: gettext_lazy("Vinted could not be reached"),
    Kind.AMBIGUOUS.value: gettext_lazy("no clear answer from Vinted"),
    Kind.NOT_FOUND.value: gettext_lazy("not found on Vinted"),
    Kind.REJECTED.value: gettext_lazy("Vinted refused it"),
    Kind.BUDGET_EXHAUSTED.value: gettext_lazy("not sent: no request left in the budget"),
}


def _state_label(code: str) -> str:
    return str(Job.State(code).label) if code in Job.State.values else code


def _ok(event: JobEvent) -> bool:
    # The engine stores the outcome's kind; an event without one is judged by its HTTP status.
    if event.message:
        return event.message == Kind.OK.value
    return bool(event.status) and 200 <= event.status < 300


def _photo_total(job: Job, events) -> int:
    uploads = sum(1 for e in events if e.kind == JobEvent.Kind.REQUEST and _PHOTO.match(e.path) and _ok(e))
    stored = job.photos_total or 0
    return max(stored, uploads)


def _request_text(event: JobEvent, photo_number: int, photo_total: int) -> str:
    ok = _ok(event)
    path = event.path
    if _PHOTO.match(path):
        if ok:
            return _("Photo %(n)s of %(total)s uploaded") % {"n": photo_number, "total": photo_total}
        return _("A photo was not uploaded")
    if _CREATE.match(path):
        return _("Listing created on Vinted") if ok else _("The listing was not created")
    if _DELETE.match(path):
        return (
            _("Listing deleted from Vinted")
            if ok or event.message == Kind.NOT_FOUND.value
            else _("The listing was not deleted")
        )
    if _ITEM.match(path):
        if event.method == "PUT":
            return _("Listing updated on Vinted") if ok else _("The listing was not updated")
        return _("Listing read from Vinted") if ok else _("The listing could not be read")
    if _WARDROBE.match(path):
        return _("Wardrobe read from Vinted") if ok else _("The wardrobe could not be read")
    return _("Request to Vinted") if ok else _("A request to Vinted failed")


def _technical(event: JobEvent) -> str:
    status = f"HTTP {event.status}" if event.status else _("no answer")
    parts = [f"{event.method} {event.path}", status]
    if event.duration_ms is not None:
        parts.append(f"{event.duration_ms} ms")
    if event.message:
        parts.append(event.message)
    return " · ".join(parts)


def entries(job: Job) -> list[dict]:
    """Each event as {"event", "kind", "text", "note", "technical"}: `text` and `note` in the
    seller's language, `technical` the raw request line (empty for a state change)."""
    events = list(job_selectors.events_of(job))
    photo_total, photos = _photo_total(job, events), 0
    rows = []
    for event in events:
        if event.kind == JobEvent.Kind.REQUEST:
            ok = _ok(event)
            if _PHOTO.match(event.path) and ok:
                photos += 1
            note = "" if ok else str(_OUTCOMES.get(event.message, ""))
            rows.append(
                {
                    "event": event,
                    "kind": event.kind,
                    "ok": ok,
                    "text": _request_text(event, photos, photo_total),
                    "note": note,
                    "technical": _technical(event),
                }
            )
        else:
            change = (
                f"{_state_label(event.from_state)} → {_state_label(event.to_state)}"
                if event.from_state
                else _state_label(event.to_state)
            )
            rows.append(
                {
                    "event": event,
                    "kind": event.kind,
                    "ok": True,
                    "text": change,
                    "note": _(event.message) if event.message else "",
                    "technical": "",
                }
            )
    return rows
