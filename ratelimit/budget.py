"""Live budgets for the dashboard: a registry of sources that turn a caller's object into a key.

A source resolves a ref (e.g. a marketplace account's public id) INSIDE the current shop:
resolver(request, ref) -> (key, policy, label), or None when the ref is not the shop's (the
page or endpoint then answers 404). ratelimit never sees shops or accounts itself.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from . import humanize, limiter
from .limiter import Decision, Policy, WindowState

Resolver = Callable[[object, str], "tuple[str, Policy, str] | None"]
_sources: dict[str, Resolver] = {}

GREEN, ORANGE, RED = "green", "orange", "red"


def register_budget_source(name: str, resolver: Resolver) -> None:
    _sources[name] = resolver


def unregister_budget_source(name: str) -> None:
    _sources.pop(name, None)


@dataclass(frozen=True)
class Budget:
    source: str
    ref: str
    label: str
    decision: Decision

    @property
    def window(self) -> WindowState:
        """The window to show: the one holding the reservation back, else the fullest."""
        windows = self.decision.windows
        if not self.decision.allowed:
            return max(windows, key=lambda w: (w.next_slot_at, w.seconds))
        return max(windows, key=lambda w: (w.used / w.limit, w.seconds))

    @property
    def unavailable(self) -> bool:
        return self.decision.reason == limiter.REASON_UNAVAILABLE

    @property
    def blocked(self) -> bool:
        return not self.decision.allowed

    @property
    def percent(self) -> float:
        return 100 * self.window.used / self.window.limit

    @property
    def level(self) -> str:
        if self.blocked or self.percent > settings.RATELIMIT_DANGER_PERCENT:
            return RED
        if self.percent >= settings.RATELIMIT_WARNING_PERCENT:
            return ORANGE
        return GREEN

    @property
    def near_limit(self) -> bool:
        return not self.blocked and self.level != GREEN

    def _values(self) -> dict:
        window = self.window
        next_slot = self.decision.retry_at if self.blocked else window.next_slot_at
        return {
            "label": self.label,
            "used": window.used,
            "limit": window.limit,
            "remaining": window.remaining,
            "window": humanize.span(window.seconds),
            "wait": humanize.duration((next_slot - self.decision.now).total_seconds()),
            "time": humanize.clock(next_slot),
        }

    @property
    def tooltip(self) -> str:
        if self.unavailable:
            return _("The rate limiter is not answering: nothing is sent until it does.")
        if self.blocked:
            return _("Next slot in %(wait)s (at %(time)s)") % self._values()
        return _("%(remaining)s of %(limit)s left in the last %(window)s") % self._values()

    @property
    def banner(self) -> str:
        if self.unavailable:
            return (
                _("The request budget of %(label)s cannot be checked right now: nothing is sent until it can.")
                % self._values()
            )
        if self.blocked:
            return (
                _(
                    "%(label)s has used all %(limit)s requests allowed in %(window)s. The next slot "
                    "frees at %(time)s (in %(wait)s); nothing is sent until then."
                )
                % self._values()
            )
        if self.near_limit:
            return (
                _("%(label)s is close to its limit: %(remaining)s of %(limit)s requests left in the last %(window)s.")
                % self._values()
            )
        return ""

    def as_json(self) -> dict:
        d = self.decision
        return {
            "source": self.source,
            "ref": self.ref,
            "label": self.label,
            "allowed": d.allowed,
            "reason": d.reason,
            "used": self.window.used,
            "limit": self.window.limit,
            "remaining": self.window.remaining,
            "level": self.level,
            "next_slot_at": (d.retry_at if self.blocked else self.window.next_slot_at),
            "retry_after": round(d.retry_after, 3),
            "now": d.now,
            "tooltip": self.tooltip,
            "windows": [
                {
                    "limit": w.limit,
                    "seconds": w.seconds,
                    "used": w.used,
                    "remaining": w.remaining,
                    "next_slot_at": w.next_slot_at,
                    "retry_after": round(w.retry_after, 3),
                }
                for w in d.windows
            ],
        }


def budget_for(request, source: str, ref: str) -> Budget | None:
    """The live budget of ref in the current shop, or None (unknown source or not this shop's)."""
    resolver = _sources.get(source)
    if resolver is None:
        return None
    resolved = resolver(request, str(ref))
    if resolved is None:
        return None
    key, policy, label = resolved
    return Budget(source=source, ref=str(ref), label=str(label), decision=limiter.status(key, policy))
