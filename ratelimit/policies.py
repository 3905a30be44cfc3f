"""Named policies: a default registered by the calling app, overridable by staff in admin.

Resolution order: an override for the subject (e.g. one marketplace account) beats an override
for the tenant, which beats the registered default.
"""

from collections.abc import Callable

from django.conf import settings

from .limiter import Policy, Window
from .models import PolicyOverride

_defaults: dict[str, Callable[[], Policy]] = {}


def register_policy(name: str, default: Callable[[], Policy]) -> None:
    _defaults[name] = default


def registered_policies() -> list[str]:
    return sorted(_defaults)


def resolve_policy(name: str, *, tenant_ref: str | None = None, subject_ref: str | None = None) -> Policy:
    targets = [(PolicyOverride.Scope.SUBJECT, subject_ref), (PolicyOverride.Scope.TENANT, tenant_ref)]
    targets = [(scope, str(ref)) for scope, ref in targets if ref]
    if targets:
        overrides = {
            (o.scope, o.ref): o
            for o in PolicyOverride.objects.filter(
                policy_name=name, ref__in=[ref for _scope, ref in targets]
            ).prefetch_related("windows")
        }
        for target in targets:
            override = overrides.get(target)
            if override is not None and override.windows.all():
                return Policy(tuple(Window(w.limit, w.seconds) for w in override.windows.all()))
    try:
        default = _defaults[name]
    except KeyError:
        raise LookupError(f"no rate-limit policy registered under {name!r}") from None
    return default()


def resolve_policies(name: str, *, tenant_ref: str | None = None, subject_refs: list[str]) -> dict[str, Policy]:
    """resolve_policy for many subjects under one tenant, by subject ref, in one query."""
    refs = [str(ref) for ref in subject_refs]
    overrides = {
        (o.scope, o.ref): o
        for o in PolicyOverride.objects.filter(
            policy_name=name, ref__in=refs + ([str(tenant_ref)] if tenant_ref else [])
        ).prefetch_related("windows")
    }
    try:
        default = _defaults[name]
    except KeyError:
        raise LookupError(f"no rate-limit policy registered under {name!r}") from None
    shared = None
    tenant = overrides.get((PolicyOverride.Scope.TENANT, str(tenant_ref))) if tenant_ref else None
    if tenant is not None and tenant.windows.all():
        shared = Policy(tuple(Window(w.limit, w.seconds) for w in tenant.windows.all()))
    resolved = {}
    for ref in refs:
        override = overrides.get((PolicyOverride.Scope.SUBJECT, ref))
        if override is not None and override.windows.all():
            resolved[ref] = Policy(tuple(Window(w.limit, w.seconds) for w in override.windows.all()))
        else:
            resolved[ref] = shared or default()
    return resolved


def windows_from_settings(prefix: str) -> tuple[Window, ...]:
    """<prefix>_MAX per <prefix>_WINDOW_SECONDS, plus <prefix>_BURST_MAX per
    <prefix>_BURST_WINDOW_SECONDS when both are set above 0."""
    windows = [Window(int(getattr(settings, f"{prefix}_MAX")), int(getattr(settings, f"{prefix}_WINDOW_SECONDS")))]
    burst_max = int(getattr(settings, f"{prefix}_BURST_MAX", 0) or 0)
    burst_seconds = int(getattr(settings, f"{prefix}_BURST_WINDOW_SECONDS", 0) or 0)
    if burst_max > 0 and burst_seconds > 0:
        windows.append(Window(burst_max, burst_seconds))
    return tuple(windows)


def policy_from_settings(prefix: str) -> Policy:
    return Policy(windows_from_settings(prefix))


def forget_tenant(tenant_ref: str) -> int:
    """Delete the overrides of a tenant that is gone (with their windows): how many there were."""
    _total, by_model = PolicyOverride.objects.filter(scope=PolicyOverride.Scope.TENANT, ref=str(tenant_ref)).delete()
    return by_model.get(PolicyOverride._meta.label, 0)
