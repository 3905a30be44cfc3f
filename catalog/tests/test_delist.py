"""The delist log: a sale seen, what the channels ended, and the urgent tasks on the dashboard."""

from decimal import Decimal

import pytest
from django.urls import reverse

from catalog import delist, sales
from catalog.models import Product
from catalog.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def _sell(stock=1, **kwargs):
    product = ProductFactory(stock=stock, status=Product.Status.LISTED)
    sale = sales.record_sale(
        product, price=Decimal("12"), currency="EUR", channel="ebay", account_ref="acc-1", listing_ref="L-1", **kwargs
    )
    return product, sale


def _failed(product, **kwargs):
    return delist.record_step(
        product,
        channel="vinted",
        outcome="failed",
        account_ref="acc-2",
        account_label="jane · Vinted",
        listing_ref="99",
        message="Vinted refused the request.",
        todo="End the listing by hand on Vinted now, then mark this task done: a second buyer could pay meanwhile.",
        todo_url="https://www.vinted.fr/items/99",
        **kwargs,
    )


def test_record_sale_of_the_last_unit_logs_the_sale_seen_first(in_shop_a):
    product, sale = _sell()
    [step] = product.delist_steps.all()
    assert (step.outcome, step.channel, step.account_ref, step.listing_ref, step.sale) == (
        "sold",
        "ebay",
        "acc-1",
        "L-1",
        sale,
    )
    assert "other listings are being taken off sale" in delist.text(step)


def test_record_sale_with_stock_left_logs_that_the_listings_stay(in_shop_a):
    product, _sale = _sell(stock=3)
    assert "2 left in stock" in delist.text(product.delist_steps.get())


def test_record_sale_twice_logs_one_sale_seen(in_shop_a):
    product, _sale = _sell()
    sales.record_sale(
        product, price=Decimal("12"), currency="EUR", channel="ebay", account_ref="acc-1", listing_ref="L-1"
    )
    assert product.delist_steps.count() == 1


def test_record_step_with_a_later_outcome_on_the_same_listing_settles_the_urgent_one(in_shop_a):
    product, _sale = _sell()
    failed = _failed(product)
    assert delist.urgent_tasks() == [failed]
    delist.record_step(product, channel="vinted", outcome="ended", account_ref="acc-2", listing_ref="99")
    failed.refresh_from_db()
    assert failed.resolved_at is not None and delist.urgent_tasks() == []


def test_record_step_with_an_unknown_outcome_is_refused(in_shop_a):
    with pytest.raises(ValueError):
        delist.record_step(ProductFactory(), channel="vinted", outcome="maybe")


def test_urgent_tasks_leave_out_a_product_for_sale_again_after_a_cancelled_sale(in_shop_a):
    product, sale = _sell()
    _failed(product)
    sales.cancel_sale(sale)
    product.refresh_from_db()
    assert product.stock == 1 and delist.urgent_tasks() == []
    assert list(product.delist_steps.values_list("outcome", flat=True).order_by("id")) == [
        "sold",
        "failed",
        "cancelled",
    ]


def test_dashboard_shows_the_urgent_task_with_its_action_until_the_seller_dismisses_it(seller_a):
    product, _sale = _sell()
    step = _failed(product)
    page = seller_a
    body = page.get(reverse("dashboard")).content.decode()
    assert f'data-urgent-task="{product.public_id}"' in body
    assert 'href="https://www.vinted.fr/items/99" data-urgent-action' in body and "jane · Vinted" in body
    response = page.post(reverse("catalog:delist_dismiss", args=[step.public_id]), {"next": reverse("dashboard")})
    assert response.status_code == 302 and response["Location"] == reverse("dashboard")
    assert "data-urgent-tasks" not in page.get(reverse("dashboard")).content.decode()
    detail = page.get(reverse("catalog:detail", args=[product.public_id])).content.decode()
    assert "Vinted refused the request." in detail and "data-delist-dismiss" not in detail


def test_product_page_in_french_translates_the_log(seller_a):
    product, _sale = _sell()
    body = seller_a.get(reverse("catalog:detail", args=[product.public_id]), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Journal de retrait" in body and "Vente constatée" in body
