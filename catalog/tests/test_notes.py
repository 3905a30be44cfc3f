"""Flaw notes are published on purpose; private notes never leave Stoflow. The form says so."""

from django.urls import reverse
from django_tenants.utils import tenant_context

from catalog.models import Product
from catalog.tests.test_pages import form_data


def test_product_form_says_flaw_notes_are_published_and_private_notes_are_not(client_a):
    body = client_a.get(reverse("catalog:create")).content.decode()
    assert "not published" not in body
    assert "Flaws and condition notes" in body and "They are published: the AI writes them into the" in body
    assert 'name="private_notes"' in body and "Never published and never sent to the AI." in body


def test_private_notes_are_saved_and_shown_apart_from_the_flaws(client_a, shop_a):
    response = client_a.post(
        reverse("catalog:create"),
        form_data(seller_notes="Small mark on the left sleeve.", private_notes="Box 4, paid 3 euros."),
    )
    assert response.status_code == 302
    with tenant_context(shop_a.tenant):
        product = Product.objects.get(sku="P-1")
    assert (product.seller_notes, product.private_notes) == ("Small mark on the left sleeve.", "Box 4, paid 3 euros.")
    body = client_a.get(response.url).content.decode()
    assert "data-private-notes>Box 4, paid 3 euros.<" in body and "never published" in body
