"""What a seller sees on the product pages: no misleading defaults or warnings."""

import re

from django.urls import reverse
from django_tenants.utils import tenant_context

from catalog.models import Product
from catalog.tests.factories import ProductFactory


def test_bulk_action_select_starts_on_a_neutral_choice(client_a, shop_a):
    with tenant_context(shop_a.tenant):
        ProductFactory()
    body = client_a.get(reverse("catalog:list")).content.decode()
    first = re.search(r'<select name="action" id="bulk-action"><option value="([^"]*)"[^>]*>([^<]*)<', body)
    assert first.groups() == ("", "Choose an action")


def test_bulk_without_a_chosen_action_changes_nothing(client_a, shop_a):
    with tenant_context(shop_a.tenant):
        product = ProductFactory()
    response = client_a.post(reverse("catalog:bulk"), {"action": "", "ids": [product.public_id]}, follow=True)
    assert "Select at least one product and an action." in response.content.decode()
    with tenant_context(shop_a.tenant):
        assert Product.objects.get(pk=product.pk).status == Product.Status.DRAFT


def test_sold_product_page_shows_no_out_of_stock_warning(client_a, shop_a):
    with tenant_context(shop_a.tenant):
        product = ProductFactory(stock=0, status=Product.Status.SOLD)
    body = client_a.get(reverse("catalog:detail", args=[product.public_id])).content.decode()
    assert "out of stock" not in body and "message--warning" not in body


def test_ready_product_without_stock_still_shows_the_stock_warning(client_a, shop_a):
    with tenant_context(shop_a.tenant):
        product = ProductFactory(stock=0, status=Product.Status.READY)
    body = client_a.get(reverse("catalog:detail", args=[product.public_id])).content.decode()
    assert "out of stock" in body


def _confirm(body, name):
    match = re.search(rf'<details class="confirm" data-confirm="{name}">.*?</details>', body, re.S)
    return match.group(0) if match else ""


def test_photo_delete_next_to_the_move_buttons_asks_first(client_a, shop_a):
    with tenant_context(shop_a.tenant):
        product = ProductFactory(photos=1)
        photo = product.photos.get()
    body = client_a.get(reverse("catalog:detail", args=[product.public_id])).content.decode()
    url = reverse("catalog:photo_delete", args=[photo.public_id])
    confirm = _confirm(body, "photo-delete")
    assert f'action="{url}"' in confirm and "Delete this photo?" in confirm
    assert body.count(f'action="{url}"') == 1


def test_product_delete_asks_first(client_a, shop_a):
    with tenant_context(shop_a.tenant):
        product = ProductFactory(sku="DEL-1")
    body = client_a.get(reverse("catalog:detail", args=[product.public_id])).content.decode()
    url = reverse("catalog:delete", args=[product.public_id])
    confirm = _confirm(body, "product-delete")
    assert f'action="{url}"' in confirm and "Delete DEL-1?" in confirm
    assert body.count(f'action="{url}"') == 1
