"""The actions the log knows, with the words the page shows. Apps write these names; the
catalogue is words only (no app is imported), so a new action is one line here."""

from decimal import Decimal, InvalidOperation

from django.utils import formats
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

LABELS = {
    "team.member_added": _("Member added"),
    "team.invitation_sent": _("Invitation sent"),
    "team.invitation_accepted": _("Invitation accepted"),
    "team.invitation_declined": _("Invitation declined"),
    "team.role_changed": _("Role changed"),
    "team.member_removed": _("Member removed"),
    "team.member_left": _("Member left"),
    "team.ownership_transferred": _("Ownership transferred"),
    "token.created": _("API token created"),
    "token.revoked": _("API token revoked"),
    "product.price_changed": _("Price changed"),
    "product.deleted": _("Product deleted"),
    "product.restored": _("Product restored"),
    "product.purged": _("Product deleted for good"),
    "product.archived": _("Product archived"),
    "catalog.imported": _("CSV import"),
    "catalog.exported": _("CSV export"),
    "vinted.account_connected": _("Vinted account connected"),
    "vinted.account_disconnected": _("Vinted account disconnected"),
}


def label(action: str) -> str:
    return str(LABELS.get(action, action))


# The changed fields and the stored values the page puts in words. A field or value not listed
# here is shown as stored (an e-mail, a count, a seller's own reason).
FIELDS = {
    "role": pgettext_lazy("audit field", "role"),
    "previous_owner": pgettext_lazy("audit field", "previous owner"),
    "owner": pgettext_lazy("audit field", "owner"),
    "status": pgettext_lazy("audit field", "status"),
    "reason": pgettext_lazy("audit field", "reason"),
    "price": pgettext_lazy("audit field", "price"),
    "percent": pgettext_lazy("audit field", "percent"),
    "products": pgettext_lazy("audit field", "products"),
    "filters": pgettext_lazy("audit field", "filters"),
    "created": pgettext_lazy("audit field", "created"),
    "updated": pgettext_lazy("audit field", "updated"),
    "rejected": pgettext_lazy("audit field", "rejected"),
}
VALUES = {
    "role": {
        "owner": pgettext_lazy("audit role", "owner"),
        "admin": pgettext_lazy("audit role", "admin"),
        "member": pgettext_lazy("audit role", "member"),
        "viewer": pgettext_lazy("audit role", "viewer"),
    },
    "status": {
        # A product's
        "draft": pgettext_lazy("audit status", "draft"),
        "ready": pgettext_lazy("audit status", "ready"),
        "listed": pgettext_lazy("audit status", "listed"),
        "sold": pgettext_lazy("audit status", "sold"),
        "archived": pgettext_lazy("audit status", "archived"),
        # A Vinted account's
        "connected": pgettext_lazy("audit status", "connected"),
        "expiring": pgettext_lazy("audit status", "expiring soon"),
        "expired": pgettext_lazy("audit status", "expired"),
        "challenge_required": pgettext_lazy("audit status", "check needed on Vinted"),
        "disconnected": pgettext_lazy("audit status", "disconnected"),
    },
}


def field_label(name: str) -> str:
    return str(FIELDS.get(name, name))


def value_label(name: str, value) -> str:
    if value is None or value == "":
        return "—"
    if name == "price":
        try:
            return formats.number_format(Decimal(str(value)), 2, use_l10n=True)
        except InvalidOperation:
            return str(value)
    words = VALUES.get(name, {}).get(str(value))
    return str(words) if words is not None else str(value)


def change_line(name: str, old, new) -> str:
    return gettext_now("%(field)s: %(old)s → %(new)s") % {
        "field": field_label(name),
        "old": value_label(name, old),
        "new": value_label(name, new),
    }


def fact_line(name: str, value) -> str:
    return gettext_now("%(field)s: %(value)s") % {"field": field_label(name), "value": value_label(name, value)}
