from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from catalog import dashboard
from stoflow.formatting import format_money

register = template.Library()


@register.inclusion_tag("catalog/partials/dashboard_body.html", takes_context=True)
def catalog_dashboard(context):
    request = context["request"]
    try:
        days = int(request.GET.get("days", 7))
    except ValueError:
        days = 7
    return {"request": request, **dashboard.panel_context(request, days)}


@register.simple_tag
def photo_url(photo_id, variant="thumb"):
    from django.urls import reverse

    return reverse("catalog:photo", kwargs={"photo_id": photo_id, "variant": variant})


@register.filter
def money(value, currency="EUR"):
    # The one money format of every page (stoflow.formatting), kept here for catalog_tags users.
    return format_money(value, currency)


@register.simple_tag
def select_options(field):
    """A choice field's <option>s (in <optgroup>s for grouped choices), the current value selected.

    Built in Python: the category and brand lists hold hundreds of options, and a template loop per
    option was most of the list page's time."""
    current = field.value()
    current = "" if current is None else str(current)

    def selected(value):
        return " selected" if str(value) == current else ""

    def options(choices):
        return "".join(
            f'<optgroup label="{escape(value)}">{options(label)}</optgroup>'
            if isinstance(label, (list, tuple))
            else f'<option value="{escape(value)}"{selected(value)}>{escape(label)}</option>'
            for value, label in choices
        )

    return mark_safe(options(field.field.choices))


@register.simple_tag
def delist_text(step, field="message"):
    from catalog import delist

    return delist.text(step, field)


@register.inclusion_tag("catalog/partials/urgent_tasks.html", takes_context=True)
def catalog_urgent(context):
    from catalog import delist

    request = context["request"]
    return {"request": request, "tasks": delist.urgent_tasks(), "can_write": request.tenant_access.can_write}
