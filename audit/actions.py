"""The actions the log knows, with the words the page shows. Apps write these names; the
catalogue is words only (no app is imported), so a new action is one line here."""

from django.utils.translation import gettext_lazy as _

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
    "product.archived": _("Product archived"),
    "catalog.imported": _("CSV import"),
    "catalog.exported": _("CSV export"),
    "vinted.account_connected": _("Vinted account connected"),
    "vinted.account_disconnected": _("Vinted account disconnected"),
}


def label(action: str) -> str:
    return str(LABELS.get(action, action))
