"""The seller's Vinted browser session: what the extension exports, sealed at rest.

`open_session(account)` is the only way to the plaintext, and only the code that
is about to call Vinted calls it. The dataclass's repr hides every value, so a
session in a traceback, a log line or a debug page shows nothing usable.
"""

import json
from dataclasses import asdict, dataclass, field

from django.db import connection
from django.views.decorators.debug import sensitive_variables

from stoflow import secretbox

from .models import VintedAccount

PURPOSE = "vinted_session"
NEVER_STORED = frozenset({"refresh_token_web"})  # the seller's browser owns the refresh chain


@dataclass(repr=False)
class VintedSession:
    cookies: dict[str, str]
    csrf_token: str = ""
    anon_id: str = ""
    user_agent: str = ""
    ua_client_hints: dict = field(default_factory=dict)
    locale: str = ""

    def __post_init__(self):
        self.cookies = {k: v for k, v in self.cookies.items() if k not in NEVER_STORED}
        if not self.anon_id:
            self.anon_id = self.cookies.get("anon_id", "")

    def __repr__(self):
        return f"<VintedSession cookies={sorted(self.cookies)} [values redacted]>"

    __str__ = __repr__

    @property
    def access_token(self) -> str:
        return self.cookies.get("access_token_web", "")

    def to_bytes(self) -> bytes:
        return json.dumps(asdict(self), separators=(",", ":")).encode()

    @classmethod
    def from_bytes(cls, raw: bytes) -> "VintedSession":
        return cls(**json.loads(raw))


def _aad(account: VintedAccount) -> bytes:
    # The schema of the shop the account lives in: a sealed session copied into
    # another shop, or onto another account, no longer opens.
    return secretbox.aad(connection.schema_name, str(account.public_id), PURPOSE)


@sensitive_variables("session")
def seal_session(account: VintedAccount, session: VintedSession) -> str:
    return secretbox.seal(session.to_bytes(), associated_data=_aad(account))


@sensitive_variables("raw")
def open_session(account: VintedAccount) -> VintedSession:
    """Decrypts the account's session; raises InvalidTag or SealedValueError, never falls back."""
    if not account.sealed_session:
        raise LookupError("this account holds no session")
    raw = secretbox.open_(account.sealed_session, associated_data=_aad(account))
    return VintedSession.from_bytes(raw)
