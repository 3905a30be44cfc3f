"""{{ account|site }}: the Vinted site of an account in words ("www.vinted.fr", "Sandbox (fr)")."""

from django import template

from .. import selectors

register = template.Library()


@register.filter
def site(account) -> str:
    return selectors.site_label(account) if account is not None else ""
