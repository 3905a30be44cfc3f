"""The extension point: a test-only app registers a filter, a bulk action, a detail section,
a form panel, a chart series and a card, and the catalog pages use them."""

import pytest
from django.urls import reverse

from catalog import extensions
from catalog.models import Product
from catalog.tests.factories import ProductFactory

CALLS = []


def _apply(queryset, value, request):
    return queryset.filter(tags__contains=[value])


ENTRIES = [
    extensions.ProductFilter(
        name="tagged", label="Tagged", choices=lambda request: [("summer", "Summer")], apply=_apply
    ),
    extensions.BulkAction(
        name="shout",
        label="Shout",
        handler=lambda request, qs: CALLS.append(sorted(qs.values_list("sku", flat=True))) or f"shouted {qs.count()}",
    ),
    extensions.DetailSection(
        name="listing",
        template="catalog/tests/section.html",
        context=lambda request, product: {"state": f"LISTING-STATE-{product.sku}"},
    ),
    extensions.FormPanel(
        name="ai", template="catalog/tests/panel.html", context=lambda request, product: {"text": "WRITE-WITH-AI"}
    ),
    extensions.ChartSeries(
        name="publications", label="Publications", values=lambda request, axis: [7 for _day in axis]
    ),
    extensions.DashboardCard(name="rate", label="Success rate", value=lambda request: "97 %"),
]


@pytest.fixture
def registered(settings, tmp_path):
    (tmp_path / "catalog" / "tests").mkdir(parents=True)
    (tmp_path / "catalog" / "tests" / "section.html").write_text("<p>{{ section.state }}</p>")
    (tmp_path / "catalog" / "tests" / "panel.html").write_text("<p>{{ panel.text }}</p>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    for entry in ENTRIES:
        extensions.register(entry)
    CALLS.clear()
    yield
    for entry in ENTRIES:
        extensions.unregister(entry)


def test_registered_filter_narrows_the_list(seller_a, registered):
    ProductFactory(sku="SUN", tags=["summer"])
    ProductFactory(sku="WIN", tags=["winter"])
    response = seller_a.get(reverse("catalog:list"), {"tagged": "summer"})
    assert [p.sku for p in response.context["page"]] == ["SUN"]
    assert 'name="tagged"' in response.content.decode()


def test_registered_bulk_action_gets_the_selection(seller_a, registered):
    one, two = ProductFactory(sku="B1"), ProductFactory(sku="B2")
    response = seller_a.post(
        reverse("catalog:bulk"), {"action": "shout", "ids": [one.public_id, two.public_id]}, follow=True
    )
    assert CALLS == [["B1", "B2"]]
    assert "shouted 2" in response.content.decode()


def test_registered_bulk_action_refused_to_viewers(viewer_a, registered):
    product = ProductFactory()
    response = viewer_a.post(reverse("catalog:bulk"), {"action": "shout", "ids": [product.public_id]})
    assert response.status_code == 403 and CALLS == []


def test_registered_detail_section_and_form_panel_render(seller_a, registered):
    product = ProductFactory(sku="SEC")
    assert "LISTING-STATE-SEC" in seller_a.get(reverse("catalog:detail", args=[product.public_id])).content.decode()
    assert "WRITE-WITH-AI" in seller_a.get(reverse("catalog:edit", args=[product.public_id])).content.decode()
    assert "WRITE-WITH-AI" in seller_a.get(reverse("catalog:create")).content.decode()


def test_registered_chart_series_and_card_reach_the_dashboard(seller_a, registered):
    body = seller_a.get(reverse("dashboard"), {"days": 7}).content.decode()
    assert "Success rate" in body and "97 %" in body and '"publications"' in body


def test_unregistered_entries_leave_pages_as_they_were(seller_a):
    ProductFactory(status=Product.Status.DRAFT)
    body = seller_a.get(reverse("catalog:list")).content.decode()
    assert 'value="shout"' not in body
