"""Views' lookups: every eBay page is 404 while the channel is off, and so is an account this shop does
not have (its selector returns None)."""

from django.http import Http404

from . import config, selectors
from .models import EbayAccount


def require_channel() -> None:
    if not config.enabled():
        raise Http404


def get_account_or_404(public_id) -> EbayAccount:
    if (found := selectors.account(public_id)) is None:
        raise Http404("No such eBay account")
    return found
