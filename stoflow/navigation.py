"""Extension points of the base layout: apps add header links and dashboard panels
from their AppConfig.ready(), so the layout never imports them."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    label: str  # lazily translated
    url_name: str
    order: int = 50


@dataclass(frozen=True)
class DashboardPanel:
    template: str  # included with the dashboard's context
    order: int = 50


@dataclass(frozen=True)
class HeaderExtra:
    name: str
    template: str  # included in the header with `extra` = context(request)
    context: Callable  # request -> dict, or None to show nothing on this request


_nav: list[NavItem] = []
_panels: list[DashboardPanel] = []
_header_extras: dict[str, HeaderExtra] = {}


def add_nav_item(item: NavItem) -> None:
    if item not in _nav:
        _nav.append(item)
        _nav.sort(key=lambda i: i.order)


def add_dashboard_panel(panel: DashboardPanel) -> None:
    if panel not in _panels:
        _panels.append(panel)
        _panels.sort(key=lambda p: p.order)


def add_header_extra(extra: HeaderExtra) -> None:
    _header_extras[extra.name] = extra


def header_extras(request) -> list[dict]:
    shown = ((extra, extra.context(request)) for extra in _header_extras.values())
    return [{"template": extra.template, "context": context} for extra, context in shown if context is not None]


def nav_items():
    return [{"label": item.label, "url": reverse(item.url_name)} for item in _nav]


def dashboard_panels():
    return list(_panels)


def context(request):
    tenant_access = getattr(request, "tenant_access", None)
    if tenant_access is None or tenant_access.tenant is None:
        return {}
    return {"nav_items": nav_items(), "dashboard_panels": dashboard_panels(), "header_extras": header_extras(request)}
