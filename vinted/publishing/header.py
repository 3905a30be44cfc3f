"""The budget badge of the current Vinted account in the page header.

The current account is the one last opened on a queue page (kept in the session, checked
against the shop's accounts on every request), else the shop's first connected account.
"""

from .. import selectors
from ..models import VintedAccount

SESSION_KEY = "vinted_current_account"
TEMPLATE = "vinted/publishing/partials/header_badge.html"


def remember_account(request, account: VintedAccount) -> None:
    request.session[SESSION_KEY] = str(account.public_id)


def current_account(request) -> VintedAccount | None:
    usable = selectors.accounts().exclude(status=VintedAccount.Status.DISCONNECTED)
    remembered = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
    if remembered:
        account = usable.filter(public_id=remembered).first()
        if account is not None:
            return account
    return usable.first()


def header_context(request) -> dict | None:
    """The header extra's context (stoflow.navigation.HeaderExtra), None when there is no account."""
    access = getattr(request, "tenant_access", None)
    if access is None or access.tenant is None or not request.user.is_authenticated:
        return None
    account = current_account(request)
    return {"account": account} if account is not None else None
