"""The requests-based Vinted client (docs/vinted-api.md §13). Build one with vinted.services.client_for()."""

from .api import VintedClient, new_upload_session
from .outcomes import FieldError, Kind, Outcome

__all__ = ["VintedClient", "new_upload_session", "Kind", "Outcome", "FieldError"]
