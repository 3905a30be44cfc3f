"""The product page's Vinted section and the dashboard's publication figures."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from vinted.jobs.models import Job, Listing

pytestmark = pytest.mark.django_db
S = Job.State


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def _site(account) -> str:
    from vinted import domains

    return domains.site_for(account.domain).base_url


def test_product_page_offers_publishing_when_not_listed(owner_a, ready_product, account):
    html = _text(owner_a.get(reverse("catalog:detail", args=[ready_product.public_id])))
    assert "data-vinted-section" in html and "data-publish-product" in html
    assert f"?product={ready_product.public_id}&amp;account={account.public_id}" in html
    assert 'data-listing-action="update"' not in html


def test_product_page_shows_the_listing_and_its_actions(owner_a, ready_product, account, make_job):
    Listing.objects.create(
        product=ready_product,
        account=account,
        item_id=555,
        status=Listing.Status.PUBLISHED,
        url="http://127.0.0.1/fr/items/555",
        price="12.90",
        views=31,
        favourites=4,
        last_synced_at=timezone.now(),
    )
    make_job(ready_product, S.COMPLETED, message="Published on Vinted.", finished_at=timezone.now())
    html = _text(owner_a.get(reverse("catalog:detail", args=[ready_product.public_id])))
    assert 'data-listing-status="published"' in html and f'href="{_site(account)}/items/555"' in html
    assert re.search(r"<dt>Views</dt><dd>31</dd>", html) and re.search(r"<dt>Favourites</dt><dd>4</dd>", html)
    assert re.search(r"€12[.,]90", html)
    assert 'data-listing-action="update"' in html
    for action in ("repost", "delete"):
        assert f'<details class="confirm" data-confirm="{action}">' in html
    assert "data-job-history" in html and "Published on Vinted." in html
    assert "data-publish-product" not in html
    assert f"· {account.domain}<" not in html and "Sandbox (fr)" in html  # the site in words


@pytest.mark.parametrize("action", ["update", "delete", "repost", "hide"])
def test_listing_action_asks_for_the_job(owner_a, ready_product, account, action):
    Listing.objects.create(product=ready_product, account=account, item_id=556, status=Listing.Status.PUBLISHED)
    response = owner_a.post(
        reverse("vinted:listing_action", args=[ready_product.public_id, action]), {"account": str(account.public_id)}
    )
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("vinted:job", args=[job.public_id])
    assert (job.action, job.product, job.account) == (action, ready_product, account)


def test_listing_action_without_a_listing_is_404(owner_a, ready_product, account):
    response = owner_a.post(
        reverse("vinted:listing_action", args=[ready_product.public_id, "delete"]), {"account": str(account.public_id)}
    )
    assert response.status_code == 404 and not Job.objects.exists()


def test_listing_action_unknown_is_404(owner_a, ready_product, account):
    Listing.objects.create(product=ready_product, account=account, item_id=557, status=Listing.Status.PUBLISHED)
    response = owner_a.post(
        reverse("vinted:listing_action", args=[ready_product.public_id, "bump"]), {"account": str(account.public_id)}
    )
    assert response.status_code == 404


def test_viewer_sees_the_listing_without_actions_and_cannot_post(viewer_a, ready_product, account):
    Listing.objects.create(product=ready_product, account=account, item_id=558, status=Listing.Status.PUBLISHED)
    html = _text(viewer_a.get(reverse("catalog:detail", args=[ready_product.public_id])))
    assert 'data-listing-status="published"' in html and "data-listing-action" not in html
    assert "data-confirm=" not in html
    response = viewer_a.post(
        reverse("vinted:listing_action", args=[ready_product.public_id, "delete"]), {"account": str(account.public_id)}
    )
    assert response.status_code == 403 and not Job.objects.exists()


def test_dashboard_shows_publications_per_day_and_the_success_rate(owner_a, ready_product, account, make_job):
    from catalog.tests.factories import ProductFactory

    now = timezone.now()
    make_job(ready_product, S.COMPLETED, finished_at=now)
    make_job(ProductFactory(photos=1), S.COMPLETED, finished_at=now)
    make_job(ProductFactory(photos=1), S.FAILED, finished_at=now)
    make_job(ProductFactory(photos=1), S.FAILED, finished_at=now)
    response = owner_a.get(reverse("dashboard"))
    html = _text(response)
    assert "Vinted success rate (30 days)" in html and "50 %" in html
    chart = response.context["chart"]
    [series] = [s for s in chart["series"] if s["key"] == "vinted_published"]
    assert series["values"][-1] == 2 and sum(series["values"]) == 2


@pytest.mark.parametrize("action", ["repost", "delete"])
def test_repost_and_delete_from_vinted_are_confirmed_with_what_they_cost(owner_a, ready_product, account, action):
    from vinted.jobs.selectors import requests_needed

    Listing.objects.create(product=ready_product, account=account, item_id=559, status=Listing.Status.PUBLISHED)
    html = _text(owner_a.get(reverse("catalog:detail", args=[ready_product.public_id])))
    confirm = re.search(rf'<details class="confirm" data-confirm="{action}">.*?</details>', html).group(0)
    needed = requests_needed(action, ready_product)
    assert needed == (5 if action == "repost" else 1)  # 3 photos + delete + create
    assert re.search(rf"Uses {needed} of your \d+ remaining requests\.", confirm)
    url = reverse("vinted:listing_action", args=[ready_product.public_id, action])
    assert f'action="{url}"' in confirm and "data-confirmed" in confirm
    assert html.count(f'action="{url}"') == 1  # no unconfirmed button beside it


def test_listing_stored_with_a_relative_or_foreign_url_links_to_its_page_on_the_accounts_site(
    owner_a, ready_product, account
):
    Listing.objects.create(
        product=ready_product,
        account=account,
        item_id=7700000,
        status=Listing.Status.PUBLISHED,
        url="/items/7700000-listing",
    )
    html = _text(owner_a.get(reverse("catalog:detail", args=[ready_product.public_id])))
    assert f'href="{_site(account)}/items/7700000"' in html and 'href="/items/7700000-listing"' not in html
