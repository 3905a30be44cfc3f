"""The shop's audit log page's rows: the shop's own log (in its schema) with the
staff act-as visits (public, one per request) folded in, newest first, a page at a time.

A page ends at a time: the next page asks for what happened before it, so both sources are read
only as far as one page needs.
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext_lazy as _

from tenants import selectors as tenant_selectors
from tenants.models import Tenant

from . import actions, selectors
from .models import Via

ACT_AS = "act_as"
ACT_AS_LABEL = _("Staff looked at the shop")
PAGE_SIZE = 50


@dataclass
class Row:
    at: datetime
    actor: str
    action: str
    label: str
    object_label: str
    changes: list[str]
    via: str
    ip: str


@dataclass
class LogPage:
    rows: list[Row]
    next_before: datetime | None


def _changes(changes: dict) -> list[str]:
    return [
        actions.change_line(name, *value)
        if isinstance(value, list) and len(value) == 2
        else actions.fact_line(name, value)
        for name, value in changes.items()
    ]


def action_choices() -> list[tuple[str, str]]:
    return [(name, str(label)) for name, label in actions.LABELS.items()] + [(ACT_AS, str(ACT_AS_LABEL))]


def actor_choices(tenant: Tenant) -> list[tuple[int, str]]:
    """The shop's members, anyone else the log names, and staff who acted as the shop."""
    people = {m.user_id: m.user.email for m in tenant_selectors.members_of(tenant)}
    for actor_id, label in selectors.actors():
        people.setdefault(actor_id, label)
    for staff_id, email in tenant_selectors.act_as_staff(tenant):
        people.setdefault(staff_id, email)
    return sorted(people.items(), key=lambda pair: pair[1])


def page(
    tenant: Tenant,
    *,
    actor_id: int | None = None,
    action: str = "",
    before: datetime | None = None,
    size: int | None = None,
) -> LogPage:
    size = size or PAGE_SIZE
    rows: list[Row] = []
    if action != ACT_AS:
        entries = selectors.entries(actor_id=actor_id, action=action)
        if before is not None:
            entries = entries.filter(at__lt=before)
        rows += [
            Row(
                at=e.at,
                actor=e.actor_label,
                action=e.action,
                label=actions.label(e.action),
                object_label=e.object_label,
                changes=_changes(e.changes),
                via=e.get_via_display(),
                ip=e.ip or "",
            )
            for e in entries[: size + 1]
        ]
    if not action or action == ACT_AS:
        rows += [
            Row(
                at=v.at,
                actor=v.staff.email,
                action=ACT_AS,
                label=str(ACT_AS_LABEL),
                object_label=f"{v.method} {v.path}",
                changes=[],
                via=str(Via.ACT_AS.label),
                ip="",
            )
            for v in tenant_selectors.act_as_visits(tenant, staff_id=actor_id, before=before)[: size + 1]
        ]
    rows.sort(key=lambda row: row.at, reverse=True)
    more = len(rows) > size
    rows = rows[:size]
    return LogPage(rows=rows, next_before=rows[-1].at if more and rows else None)
