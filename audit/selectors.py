"""Reading the shop's audit log (in the schema the connection is on)."""

from django.db.models import QuerySet

from .models import Entry


def entries(*, actor_id: int | None = None, action: str = "") -> QuerySet[Entry]:
    rows = Entry.objects.all()
    if actor_id is not None:
        rows = rows.filter(actor_id=actor_id)
    if action:
        rows = rows.filter(action=action)
    return rows


def actors() -> list[tuple[int, str]]:
    """(id, label) of everyone who appears in the log, latest label first."""
    seen: dict[int, str] = {}
    for actor_id, label in Entry.objects.filter(actor_id__isnull=False).values_list("actor_id", "actor_label"):
        if actor_id is not None:
            seen.setdefault(actor_id, label)
    return sorted(seen.items(), key=lambda pair: pair[1])
