"""The publish preview and its confirmation: mapped fields, problems, budget, account picker."""

import re

import pytest
from django.urls import reverse
from django.utils.http import urlencode

from catalog.tests.factories import ProductFactory, leaf
from vinted import budget as vinted_budget
from vinted import services
from vinted.jobs.models import Job
from vinted.models import PricingRule, VintedAccount

pytestmark = pytest.mark.django_db


def _preview_url(*products, account=None):
    query = [("product", str(p.public_id)) for p in products]
    if account is not None:
        query.append(("account", str(account.public_id)))
    return f"{reverse('vinted:publish')}?{urlencode(query)}"


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_preview_of_a_ready_product_shows_mapped_fields_price_and_photos(owner_a, ready_product, account):
    PricingRule.objects.create(markup_percent=20, rounding=PricingRule.Rounding.NINETY)
    response = owner_a.get(_preview_url(ready_product))
    assert response.status_code == 200
    html = _text(response)
    assert 'data-ready="yes"' in html
    assert "Women › Tops" in html or "›" in html  # the category path
    assert "Vinted #" not in html
    ids = html[html.index("data-vinted-ids") :]
    ids = ids[: ids.index("</details>")]
    assert "<code>221</code>" in ids and "<code>4</code>" in ids and "<code>12, 27</code>" in ids
    assert "Zara" in html and "Looked up on Vinted by name when publishing." in html
    assert re.search(r"data-vinted-price>€12[.,]90", html)  # 10.00 + 20 % = 12.00 -> up to .90
    assert html.count('data-photos="3"') == 1 and html.count("/thumb.jpg") >= 3
    assert "Publish 1 product" in html and 'id="ai-writer-' in html


def test_preview_lists_problems_with_links_to_fix_them(owner_a, account):
    broken = ProductFactory(photos=0, description="", size=None, category=leaf(221))
    html = _text(owner_a.get(_preview_url(broken)))
    assert 'data-ready="no"' in html
    assert "Add at least one photo." in html and "Add a description: Vinted requires one." in html
    assert "This category needs a size." in html
    edit = reverse("catalog:edit", args=[broken.public_id])
    assert f'href="{edit}#id_description"' in html and f'href="{edit}#id_size"' in html
    assert f'href="{reverse("catalog:detail", args=[broken.public_id])}#add-photos"' in html
    assert re.search(r"data-confirm-publish\s+disabled", html)


def test_preview_budget_says_how_many_requests_it_uses(owner_a, ready_product, account, redis_client):
    html = _text(owner_a.get(_preview_url(ready_product)))
    # 3 photos + 1 create, on a fresh 40-request budget.
    assert "Uses 4 of your 40 remaining requests." in html


def test_preview_budget_over_what_is_left_says_when_the_rest_goes(
    owner_a, ready_product, account, redis_client, settings
):
    settings.VINTED_RATE_LIMIT_MAX = 6
    key = vinted_budget.account_key(account.domain, account.vinted_user_id)
    for _ in range(4):
        decision, _id = vinted_budget.reserve(key, "POST", "/api/v2/photos")
        assert decision.allowed
    html = _text(owner_a.get(_preview_url(ready_product)))
    assert "This needs 4 requests but only 2 are left." in html
    assert "The other 2 requests wait for free slots." in html and "data-budget-exceeded" in html
    assert "At the earliest, the first goes at" in html


def test_preview_with_several_accounts_shows_the_picker_and_uses_the_chosen_one(
    owner_a, ready_product, account, sandbox, export_of, shop_a
):
    other_seller = sandbox.create_seller("second-seller", site="co.uk")
    payload = export_of(other_seller)
    from vinted.sessions import VintedSession

    session = VintedSession(
        cookies=payload["cookies"],
        csrf_token=payload["csrf_token"],
        anon_id=payload["anon_id"],
        user_agent=payload["user_agent"],
        ua_client_hints=payload["ua_client_hints"],
        locale=payload["locale"],
    )
    second, _created = services.connect(
        services.Capture(domain=payload["domain"], session=session, vinted_user_id=other_seller["id"]),
        tenant=shop_a.tenant,
    )
    html = _text(owner_a.get(_preview_url(ready_product)))
    assert "data-account-picker" in html and f'value="{second.public_id}"' in html
    assert "€" in html
    html = _text(owner_a.get(_preview_url(ready_product, account=second)))
    assert re.search(rf'<option value="{second.public_id}" selected>', html)
    assert "£" in html


def test_preview_without_a_connected_account_says_to_connect_one(owner_a, ready_product, account):
    services.disconnect(account)
    response = owner_a.get(_preview_url(ready_product))
    assert response.status_code == 200 and "data-no-account" in _text(response)


def test_preview_of_another_shops_product_is_404(client_b, in_shop_a, ready_product):
    assert client_b.get(_preview_url(ready_product)).status_code == 404


def test_confirm_creates_one_job_per_ready_product_and_shows_progress(owner_a, ready_product, account):
    broken = ProductFactory(photos=0)
    response = owner_a.post(
        reverse("vinted:publish"),
        {"account": str(account.public_id), "product": [str(ready_product.public_id), str(broken.public_id)]},
    )
    assert response.status_code == 302
    [job] = Job.objects.all()
    assert (job.product, job.account, job.action, job.state) == (ready_product, account, "publish", "pending")
    assert response["Location"].endswith(f"?job={job.public_id}")
    page = owner_a.get(response["Location"])
    html = _text(page)
    assert f'data-job="{job.public_id}"' in html and "Queued" in html
    assert f'hx-get="{reverse("vinted:job_progress", args=[job.public_id])}"' in html


def test_confirm_that_publishes_builds_no_preview(owner_a, ready_product, account, monkeypatch):
    def not_on_confirm(*args, **kwargs):
        raise AssertionError("the confirmation built the preview's AI panel or forecast")

    monkeypatch.setattr("vinted.publishing.views.writer_context", not_on_confirm)
    monkeypatch.setattr("vinted.publishing.forecast.forecast", not_on_confirm)
    response = owner_a.post(
        reverse("vinted:publish"), {"account": str(account.public_id), "product": [str(ready_product.public_id)]}
    )
    assert response.status_code == 302 and Job.objects.count() == 1


def test_confirm_leaves_out_a_product_already_listed_on_the_account(owner_a, ready_product, account):
    from vinted.jobs.models import Listing

    listed = ProductFactory()
    Listing.objects.create(product=listed, account=account, item_id=4322, status=Listing.Status.HIDDEN)
    response = owner_a.post(
        reverse("vinted:publish"),
        {"account": str(account.public_id), "product": [str(ready_product.public_id), str(listed.public_id)]},
    )
    assert response.status_code == 302
    assert list(Job.objects.values_list("product", flat=True)) == [ready_product.pk]


def test_confirm_twice_does_not_publish_twice_and_shows_the_queued_job_with_its_latest_start(
    owner_a, ready_product, account, django_capture_on_commit_callbacks, monkeypatch
):
    """As when the web process died after the first confirm's commit, before the broker heard of
    the job: the second confirm shows that job, queued, and hands it to the broker again."""
    from vinted.jobs import tasks

    sent = []
    monkeypatch.setattr(tasks.run_job, "delay", lambda *args: sent.append(args))
    data = {"account": str(account.public_id), "product": [str(ready_product.public_id)]}
    assert owner_a.post(reverse("vinted:publish"), data).status_code == 302  # its message is lost
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_a.post(reverse("vinted:publish"), data)
    [job] = Job.objects.all()
    assert response.status_code == 302 and response["Location"].endswith(f"?job={job.public_id}")
    assert [args[1] for args in sent] == [job.pk]
    html = _text(owner_a.get(response["Location"]))
    assert "Queued" in html and re.search(r"data-starts-by>\s*starts by \d\d:\d\d:\d\d", html)


@pytest.mark.parametrize("account_value", ["", "not-a-uuid", "6f1c2a9e-0000-4000-8000-000000000000"])
def test_confirm_with_a_bad_account_is_refused_naming_it(owner_a, ready_product, account, account_value):
    response = owner_a.post(
        reverse("vinted:publish"), {"account": account_value, "product": [str(ready_product.public_id)]}
    )
    assert response.status_code == 400
    assert "data-refused" in _text(response) and not Job.objects.exists()


def test_confirm_without_products_is_refused(owner_a, account):
    response = owner_a.post(reverse("vinted:publish"), {"account": str(account.public_id)})
    assert response.status_code == 400 and "Select at least one product." in _text(response)


def test_confirm_when_nothing_is_ready_shows_the_preview_again(owner_a, account):
    broken = ProductFactory(photos=0)
    response = owner_a.post(
        reverse("vinted:publish"), {"account": str(account.public_id), "product": [str(broken.public_id)]}
    )
    assert response.status_code == 400 and "data-publish-error" in _text(response)
    assert not Job.objects.exists()


def test_viewer_sees_the_preview_without_confirm_and_cannot_post(viewer_a, ready_product, account):
    html = _text(viewer_a.get(_preview_url(ready_product)))
    assert "data-confirm-form" not in html and "can only read" in html
    response = viewer_a.post(
        reverse("vinted:publish"), {"account": str(account.public_id), "product": [str(ready_product.public_id)]}
    )
    assert response.status_code == 403 and not Job.objects.exists()


def test_bulk_action_opens_the_preview_of_the_selected_products(owner_a, ready_product, account):
    other = ProductFactory(photos=1)
    response = owner_a.post(
        reverse("catalog:bulk"),
        {"action": "vinted_publish", "ids": [str(ready_product.public_id), str(other.public_id)]},
    )
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith(reverse("vinted:publish"))
    assert str(ready_product.public_id) in location and str(other.public_id) in location
    assert VintedAccount.objects.count() == 1


def test_preview_in_french_speaks_french(owner_a, ready_product, account, redis_client):
    owner_a.cookies["django_language"] = "fr"
    html = _text(owner_a.get(_preview_url(ready_product)))
    assert "Publier sur Vinted" in html and "Utilise 4 de vos 40 requêtes restantes." in html
    assert "Publier 1 produit" in html and "Prix sur Vinted" in html


def test_preview_of_a_product_already_listed_offers_update_instead(owner_a, ready_product, account):
    from vinted.jobs.models import Listing

    Listing.objects.create(product=ready_product, account=account, item_id=4321, status=Listing.Status.PUBLISHED)
    html = _text(owner_a.get(_preview_url(ready_product)))
    assert 'data-ready="no"' in html and "This product is already listed on this Vinted account." in html
    assert re.search(r"data-confirm-publish\s+disabled", html)


@pytest.mark.parametrize(
    "status, what",
    [
        ("challenge_required", "complete the check there"),
        ("expired", "it sends a fresh session"),
    ],
)
def test_preview_for_an_account_that_cannot_send_shows_its_state_and_disables_publish(
    owner_a, ready_product, account, status, what
):
    VintedAccount.objects.filter(pk=account.pk).update(status=status)
    html = _text(owner_a.get(_preview_url(ready_product)))
    assert f'data-account-blocked="{status}"' in html and what in html
    assert str(VintedAccount.Status(status).label) in html
    assert re.search(r"data-confirm-publish\s+disabled", html)
    assert "go by themselves" not in html and ">Ready<" not in html


def test_confirm_for_an_account_with_a_pending_security_check_is_refused_and_creates_nothing(
    owner_a, ready_product, account
):
    VintedAccount.objects.filter(pk=account.pk).update(status="challenge_required")
    response = owner_a.post(
        reverse("vinted:publish"), {"account": str(account.public_id), "product": [str(ready_product.public_id)]}
    )
    assert response.status_code == 400 and "security check" in _text(response)
    assert not Job.objects.exists()


def test_preview_for_an_account_that_cannot_send_in_french(owner_a, ready_product, account):
    VintedAccount.objects.filter(pk=account.pk).update(status="challenge_required")
    owner_a.cookies["django_language"] = "fr"
    html = _text(owner_a.get(_preview_url(ready_product)))
    assert "Ce compte Vinted ne peut pas publier pour l’instant" in html and "vérification de sécurité" in html


def test_preview_of_a_product_priced_zero_links_to_the_products_price(owner_a, ready_product, account):
    ready_product.price = 0
    ready_product.save()
    html = _text(owner_a.get(_preview_url(ready_product)))
    assert "The Vinted price must be above zero." in html
    assert f'href="{reverse("catalog:edit", args=[ready_product.public_id])}#id_price"' in html
    assert "#pricing-heading" not in html
