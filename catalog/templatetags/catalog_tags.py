from django import template

from catalog import dashboard

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
    from django.utils.formats import number_format
    if value is None or value == "":
        return "—"
    return f"{number_format(value, 2, use_l10n=True)} {currency}"
