"""Typed outcomes: every Vinted answer (or its absence) becomes exactly one of these."""

import enum
from dataclasses import dataclass, field
from typing import Any


class Kind(enum.StrEnum):
    OK = "ok"
    VALIDATION_ERROR = "validation_error"  # 400 code 99 (or a photo error): show the fields
    SESSION_EXPIRED = "session_expired"  # 401: wait for a fresh export from the browser
    CSRF_REFRESH = "csrf_refresh"  # 403 code 106 still after one refetch and retry
    BOT_CHALLENGE = "bot_challenge"  # DataDome: stop the account until a human acts
    RATE_LIMITED = "rate_limited"  # 429: the account is paused for a full window
    TRANSIENT = "transient"  # nothing happened on Vinted's side (5xx on a read, connect error)
    AMBIGUOUS = "ambiguous"  # a write left the machine and no answer came back
    NOT_FOUND = "not_found"
    REJECTED = "rejected"  # another 4xx (e.g. not editable): no retry
    BUDGET_EXHAUSTED = "budget_exhausted"  # our limiter refused: nothing was sent


@dataclass
class FieldError:
    field: str
    message: str


@dataclass
class Outcome:
    kind: Kind
    status: int | None = None
    data: Any = None
    errors: list[FieldError] = field(default_factory=list)
    message: str = ""
    code: int | None = None
    retry_at_ms: int | None = None
    sent: bool = True

    @property
    def ok(self) -> bool:
        return self.kind is Kind.OK

    def __repr__(self) -> str:
        return f"<Outcome {self.kind.value} status={self.status} code={self.code}>"
