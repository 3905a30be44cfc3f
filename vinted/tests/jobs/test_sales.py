"""Sales from Vinted and taking listings down once a product is no longer for sale."""

import uuid
from decimal import Decimal

import pytest
from django.urls import reverse

from catalog.models import Product, Sale
from tests.clients import staying_in
from vinted import services as vinted_services
from vinted.jobs import services
from vinted.jobs.models import Job, Listing
from vinted.models import PricingRule
from vinted.sessions import VintedSession

from .conftest import publishable

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(account, run_job, shop_a):
    def publish(product=None, on=None):
        product = product or publishable()
        [job] = services.request_publication(on or account, [product], user=shop_a.owner)
        assert run_job(job).state == "completed", job.message
        return product, Listing.objects.get(product=product, account=on or account)

    return publish


@pytest.fixture
def second_account(account, sandbox, export_of, shop_a):
    """Another sandbox seller connected to shop A (a second Vinted account)."""
    shop_a.tenant.max_platforms_override = 5
    shop_a.tenant.save(update_fields=["max_platforms_override"])
    other = sandbox.create_seller(f"second-{uuid.uuid4().hex[:8]}")
    payload = export_of(other)
    session = VintedSession(
        cookies=payload["cookies"],
        csrf_token=payload["csrf_token"],
        anon_id=payload["anon_id"],
        user_agent=payload["user_agent"],
        locale=payload["locale"],
    )
    connected, _ = vinted_services.connect(
        vinted_services.Capture(domain=payload["domain"], session=session, vinted_user_id=other["id"]),
        tenant=shop_a.tenant,
    )
    return connected


def _sync(account, run_job, shop_a):
    job = run_job(services.request_sync(account, user=shop_a.owner))
    assert job.state == "completed", job.message
    return job


def _run_pending(run_job, action):
    return [run_job(job) for job in Job.objects.filter(action=action, state="pending").order_by("pk")]


def _item(sandbox, seller_id, item_id):
    return next(i for i in sandbox.listings(seller_id) if i["id"] == item_id)


def test_sync_of_a_sold_listing_with_stock_two_takes_one_off_and_keeps_the_product_for_sale(
    account, published, run_job, sandbox, shop_a
):
    product, listing = published(publishable(stock=2))
    sandbox.mark_sold(listing.item_id)
    _sync(account, run_job, shop_a)
    product.refresh_from_db()
    assert product.stock == 1 and product.status == Product.Status.LISTED and product.sold_at is None
    _sync(account, run_job, shop_a)  # the same sale is not counted twice
    product.refresh_from_db()
    assert product.stock == 1


def test_sync_records_the_sale_at_the_price_paid_on_vinted_and_the_dashboard_shows_it(
    account, published, run_job, sandbox, shop_a, client_a
):
    PricingRule.objects.create(markup_percent=Decimal("20"))  # Vinted price 12.00 for a catalog price of 10.00
    product, listing = published(publishable(price=Decimal("10.00"), cost_price=Decimal("4.00")))
    sandbox.mark_sold(listing.item_id)
    _sync(account, run_job, shop_a)
    [sale] = Sale.objects.all()
    assert (sale.product_id, sale.price, sale.currency, sale.quantity) == (product.pk, Decimal("12.00"), "EUR", 1)
    assert (sale.channel, sale.account_ref, sale.listing_ref) == (
        "vinted",
        str(account.public_id),
        str(listing.item_id),
    )
    assert sale.cost_price == Decimal("4.00") and sale.margin == Decimal("8.00") and sale.account_label
    product.refresh_from_db()
    assert product.status == Product.Status.SOLD and product.stock == 0
    response = staying_in(client_a, shop_a.tenant).get(reverse("dashboard"), {"days": 7})
    body = response.content.decode()
    assert "€12.00" in body and "€8.00" in body and "€10.00" not in body
    _sync(account, run_job, shop_a)
    assert Sale.objects.count() == 1


def test_marking_sold_by_hand_hides_the_listing_on_every_account_by_default(
    account, second_account, published, run_job, sandbox, shop_a, client_a
):
    product, first = published()
    _same, second = published(product, on=second_account)
    page = staying_in(client_a, shop_a.tenant)
    response = page.post(reverse("catalog:sell", args=[product.public_id]), {"quantity": 1})
    assert response.status_code == 302
    [sale] = Sale.objects.all()
    assert sale.channel == "manual" and sale.price == product.price
    hides = _run_pending(run_job, "hide")
    assert [job.state for job in hides] == ["completed", "completed"]
    assert {job.account_id for job in hides} == {account.pk, second_account.pk}
    for listing, acct in ((first, account), (second, second_account)):
        listing.refresh_from_db()
        assert listing.status == Listing.Status.HIDDEN
        assert _item(sandbox, acct.vinted_user_id, listing.item_id)["is_hidden"] is True
    body = page.get(reverse("catalog:detail", args=[product.public_id])).content.decode()
    assert body.count('data-state="completed"') >= 2 and "Hide" in body


def test_marking_sold_by_hand_with_delete_chosen_deletes_the_listing(
    account, published, run_job, sandbox, seller, shop_a, client_a
):
    product, listing = published()
    staying_in(client_a, shop_a.tenant).post(
        reverse("catalog:sell", args=[product.public_id]), {"quantity": 1, "price": "7.50", "takedown": "delete"}
    )
    assert Sale.objects.get().price == Decimal("7.50")
    [job] = _run_pending(run_job, "delete")
    assert job.state == "completed"
    assert all(i["id"] != listing.item_id for i in sandbox.listings(seller["id"]))


def test_a_listing_sold_on_vinted_hides_the_other_accounts_listing_and_leaves_its_own(
    account, second_account, published, run_job, sandbox, seller, shop_a
):
    product, sold = published()
    _same, other = published(product, on=second_account)
    sandbox.mark_sold(sold.item_id)
    _sync(account, run_job, shop_a)
    [hide] = _run_pending(run_job, "hide")
    assert hide.account_id == second_account.pk and hide.state == "completed"
    other.refresh_from_db()
    sold.refresh_from_db()
    assert other.status == Listing.Status.HIDDEN and sold.status == Listing.Status.SOLD
    assert not Job.objects.filter(account=account, action__in=["hide", "delete"]).exists()


def test_stock_edited_to_zero_hides_the_listing(account, published, run_job, sandbox, seller, shop_a):
    from catalog import services as catalog_services

    product, listing = published()
    catalog_services.update_product(product, {"stock": 0})
    [hide] = _run_pending(run_job, "hide")
    assert hide.state == "completed"
    assert _item(sandbox, seller["id"], listing.item_id)["is_hidden"] is True


def test_a_takedown_the_engine_refuses_is_shown_on_the_listing(account, published, run_job, shop_a):
    product, listing = published()
    services.request_update(account, product, user=shop_a.owner)  # a job already in progress
    from catalog import sales

    sales.sell_by_hand(product, price=None, currency="EUR")
    listing.refresh_from_db()
    assert "in progress" in listing.last_error
    assert not Job.objects.filter(action="hide").exists()


def test_a_hidden_listing_goes_back_on_sale_once_the_product_has_stock_again(
    account, published, run_job, sandbox, seller, shop_a, client_a
):
    from catalog import sales
    from catalog import services as catalog_services

    product, listing = published()
    sales.sell_by_hand(product, price=None, currency="EUR")
    [hide] = _run_pending(run_job, "hide")
    page = staying_in(client_a, shop_a.tenant)
    detail = reverse("catalog:detail", args=[product.public_id])
    assert 'data-listing-action="show"' not in page.get(detail).content.decode()  # nothing to sell yet
    product.refresh_from_db()
    with pytest.raises(services.JobRefused):
        services.request_show(account, product, user=shop_a.owner)
    catalog_services.update_product(product, {"stock": 1, "status": Product.Status.LISTED})
    assert 'data-listing-action="show"' in page.get(detail).content.decode()
    page.post(reverse("vinted:listing_action", args=[product.public_id, "show"]), {"account": str(account.public_id)})
    [show] = _run_pending(run_job, "show")
    assert show.state == "completed"
    listing.refresh_from_db()
    assert listing.status == Listing.Status.PUBLISHED
    assert _item(sandbox, seller["id"], listing.item_id)["is_hidden"] is False


def _log(product):
    return [(s.channel, s.outcome, s.account_ref) for s in product.delist_steps.order_by("at", "id")]


def test_a_vinted_sale_ending_the_other_accounts_listing_is_written_to_the_product_delist_log(
    account, second_account, published, run_job, sandbox, shop_a, client_a
):
    product, sold = published()
    _same, other = published(product, on=second_account)
    sandbox.mark_sold(sold.item_id)
    _sync(account, run_job, shop_a)
    assert _log(product) == [
        ("vinted", "sold", str(account.public_id)),
        ("vinted", "asked", str(second_account.public_id)),
    ]
    _run_pending(run_job, "hide")
    assert _log(product)[-1] == ("vinted", "ended", str(second_account.public_id))
    ended = product.delist_steps.get(outcome="ended")
    assert ended.listing_ref == str(other.item_id) and ended.sale is None and not ended.is_urgent
    body = staying_in(client_a, shop_a.tenant).get(reverse("catalog:detail", args=[product.public_id])).content
    body = body.decode()
    assert "Delist log" in body and "Sale seen" in body and "Hidden on Vinted." in body
    assert body.count("data-delist-step=") == 3


def test_a_takedown_waiting_for_an_exhausted_budget_is_an_urgent_task_at_the_top_of_the_dashboard(
    account, second_account, published, run_job, sandbox, shop_a, client_a
):
    from vinted import budget

    product, sold = published()
    _same, other = published(product, on=second_account)
    budget.exhaust(budget.account_key(second_account.domain, second_account.vinted_user_id), "test")
    sandbox.mark_sold(sold.item_id)
    _sync(account, run_job, shop_a)
    [hide] = _run_pending(run_job, "hide")
    assert hide.state == "waiting_rate_limit"
    [waiting] = product.delist_steps.filter(outcome="waiting")
    assert waiting.is_urgent and waiting.todo_url == other.url
    page = staying_in(client_a, shop_a.tenant)
    body = page.get(reverse("dashboard")).content.decode()
    assert "data-urgent-tasks" in body and body.index("data-urgent-tasks") < body.index("catalog-dashboard-title")
    assert product.title in body and "End the listing by hand on Vinted now" in body
    page.post(reverse("catalog:delist_dismiss", args=[waiting.public_id]))
    assert "data-urgent-tasks" not in page.get(reverse("dashboard")).content.decode()


def test_sync_of_an_unchanged_listing_still_stamps_it_synced(account, published, run_job, shop_a):
    _product, listing = published()
    _sync(account, run_job, shop_a)
    Listing.objects.filter(pk=listing.pk).update(last_synced_at=None)
    _sync(account, run_job, shop_a)  # nothing changed on Vinted since the last sync
    listing.refresh_from_db()
    assert listing.last_synced_at is not None and listing.status == Listing.Status.PUBLISHED
