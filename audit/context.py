"""Who is acting, from where and how: set once per request, read by `audit.record`.

Services never take the request: the middleware puts the request here and the recorder reads the
user, the client's address and the channel at the moment of writing (an API token authenticates
inside the view, after the middleware ran). A Celery task has no request: it passes `actor=`.
"""

import contextvars
from contextlib import contextmanager
from dataclasses import dataclass

from ratelimit.net import client_ip

from .models import Via

_request = contextvars.ContextVar("audit_request", default=None)


@dataclass(frozen=True)
class Actor:
    id: int | None
    label: str
    ip: str | None = None
    via: str = Via.SYSTEM


@contextmanager
def request_context(request):
    token = _request.set(request)
    try:
        yield
    finally:
        _request.reset(token)


def actor_from(request) -> Actor:
    user = getattr(request, "user", None)
    authenticated = user is not None and user.is_authenticated
    tenant_access = getattr(request, "tenant_access", None)
    if getattr(tenant_access, "acting_as", False):
        via = Via.ACT_AS
    elif getattr(request, "api_token", None) is not None:
        via = Via.API
    else:
        via = Via.PAGE
    return Actor(
        id=user.pk if authenticated else None,
        label=str(user) if authenticated else "",
        ip=client_ip(request) or None,
        via=via,
    )


def current() -> Actor | None:
    request = _request.get()
    return actor_from(request) if request is not None else None


def as_user(user) -> Actor:
    """`user` as the actor, with the request's address and channel when there is a request: for a
    service that is told who acts (a team change, a task a person asked for)."""
    request_actor = current()
    if user is None:
        return request_actor or Actor(id=None, label="")
    if request_actor is None:
        return Actor(id=user.pk, label=str(user))
    return Actor(id=user.pk, label=str(user), ip=request_actor.ip, via=request_actor.via)
