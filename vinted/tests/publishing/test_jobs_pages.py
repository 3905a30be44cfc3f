"""Progress fragments, the queue per account, a job's history, retry and cancel, the viewer role."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from vinted import domains
from vinted.jobs.models import Job, JobEvent, Listing

pytestmark = pytest.mark.django_db
S = Job.State


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def _fragment(client, job) -> str:
    response = client.get(reverse("vinted:job_progress", args=[job.public_id]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    return _text(response)


def test_progress_of_a_running_publish_counts_photos(owner_a, ready_product, make_job):
    job = make_job(ready_product, S.RUNNING, step="photos", photos_done=2, photos_total=3)
    html = _fragment(owner_a, job)
    assert "Uploading photos: 2/3" in html and 'hx-trigger="every 2s"' in html
    job.photos_done, job.step = 3, "creating"
    job.save()
    assert "Creating the listing" in _fragment(owner_a, job)


def test_progress_when_done_links_to_the_listing_and_stops_polling(owner_a, ready_product, make_job, account):
    job = make_job(ready_product, S.COMPLETED, step="done", photos_done=3, photos_total=3, finished_at=timezone.now())
    Listing.objects.create(
        product=ready_product,
        account=account,
        item_id=987,
        status=Listing.Status.PUBLISHED,
        url="http://127.0.0.1/fr/items/987-striped",
    )
    html = _fragment(owner_a, job)
    site = domains.site_for(account.domain).base_url
    assert "Done" in html and f'href="{site}/items/987"' in html
    assert "hx-trigger" not in html


def test_progress_of_a_failed_job_says_what_went_wrong_and_what_to_do(owner_a, ready_product, make_job):
    job = make_job(
        ready_product,
        S.FAILED,
        error_code="validation_error",
        message="Vinted refused the item.",
        errors=[{"field": "price", "message": "Price is too high"}],
        finished_at=timezone.now(),
    )
    html = _fragment(owner_a, job)
    assert "Failed" in html and "Vinted refused the item." in html and "price: Price is too high" in html
    assert "data-fix-product" in html and "data-retry" in html
    assert "hx-trigger" not in html


def test_progress_needing_attention_shows_the_engines_advice_once(owner_a, ready_product, make_job):
    job = make_job(
        ready_product,
        S.NEEDS_ATTENTION,
        error_code="bot_challenge",
        message="Vinted asked for a security check. Open Vinted in your own browser, complete it, then retry.",
    )
    html = _fragment(owner_a, job)
    assert "Needs your attention" in html and "Vinted asked for a security check." in html
    assert "data-what-next" not in html and 'hx-trigger="every 10s"' in html


def test_progress_waiting_for_the_budget_shows_the_exact_next_slot(owner_a, ready_product, make_job):
    slot = timezone.now().replace(microsecond=0) + datetime.timedelta(minutes=47)
    job = make_job(ready_product, S.WAITING_RATE_LIMIT, next_attempt_at=slot)
    html = _fragment(owner_a, job)
    assert f"next slot at {timezone.localtime(slot):%H:%M}" in html and "data-cancel" in html


def test_progress_waiting_for_a_session_tells_to_open_vinted(owner_a, ready_product, make_job):
    html = _fragment(owner_a, make_job(ready_product, S.WAITING_RECONNECT))
    assert "Waiting for a fresh Vinted session" in html and "Stoflow extension is installed" in html


def test_progress_in_french_is_translated(owner_a, ready_product, make_job):
    job = make_job(ready_product, S.RUNNING, step="photos", photos_done=1, photos_total=3)
    owner_a.cookies["django_language"] = "fr"
    html = _fragment(owner_a, job)
    assert "Envoi des photos : 1/3" in html


def test_progress_page_of_another_shops_job_is_404(client_b, ready_product, make_job):
    job = make_job(ready_product)
    assert client_b.get(f"{reverse('vinted:publish_progress')}?job={job.public_id}").status_code == 404


def test_queue_page_lists_each_job_with_state_eta_attempts_and_message(owner_a, ready_product, make_job, account):
    slot = timezone.now() + datetime.timedelta(hours=1, minutes=5)
    waiting = make_job(
        ready_product,
        S.WAITING_RATE_LIMIT,
        next_attempt_at=slot,
        attempts=2,
        message="Waiting for a free request slot.",
    )
    synced = make_job(None, S.COMPLETED, action=Job.Action.SYNC, finished_at=timezone.now())
    response = owner_a.get(reverse("vinted:queue", args=[account.public_id]))
    assert response.status_code == 200
    html = _text(response)
    assert f'data-job="{waiting.public_id}" data-state="waiting_rate_limit"' in html
    assert f"next slot at {timezone.localtime(slot):%H:%M}" in html
    assert f'data-job="{synced.public_id}" data-state="completed"' in html
    assert re.search(r'data-label="Attempts">2<', html)
    assert "data-sync-now" in html and 'hx-trigger="every 5s"' in html
    assert "1 waiting for the budget" in html


def test_queue_link_in_the_menu_opens_the_current_accounts_queue(owner_a, account):
    html = _text(owner_a.get(reverse("catalog:list")))
    assert f'href="{reverse("vinted:queue_current")}"' in html
    response = owner_a.get(reverse("vinted:queue_current"))
    assert response["Location"] == reverse("vinted:queue", args=[account.public_id])


def test_queue_page_makes_its_account_the_one_in_the_header(owner_a, account):
    html = _text(owner_a.get(reverse("vinted:queue", args=[account.public_id])))
    assert "data-header-budget" in html
    assert html.count(f'data-budget="vinted:{account.public_id}"') >= 1
    assert owner_a.session["vinted_current_account"] == str(account.public_id)


def test_header_shows_the_budget_of_the_first_connected_account(owner_a, account):
    html = _text(owner_a.get(reverse("catalog:list")))
    assert "data-header-budget" in html and f"/limits/vinted/{account.public_id}/badge/" in html


def test_retry_of_a_failed_job_queues_it_again(owner_a, ready_product, make_job):
    job = make_job(ready_product, S.FAILED, message="Vinted refused the item.", finished_at=timezone.now())
    response = owner_a.post(reverse("vinted:job_retry", args=[job.public_id]), {"next": "/vinted/publish/progress/"})
    assert response.status_code == 302 and response["Location"] == "/vinted/publish/progress/"
    job.refresh_from_db()
    assert job.state == S.PENDING


def test_retry_with_a_foreign_next_url_goes_to_the_job_instead(owner_a, ready_product, make_job):
    job = make_job(ready_product, S.FAILED)
    response = owner_a.post(reverse("vinted:job_retry", args=[job.public_id]), {"next": "https://evil.example/"})
    assert response["Location"] == reverse("vinted:job", args=[job.public_id])


def test_cancel_of_a_waiting_job_cancels_it(owner_a, ready_product, make_job):
    job = make_job(ready_product, S.WAITING_RATE_LIMIT, next_attempt_at=timezone.now())
    assert owner_a.post(reverse("vinted:job_cancel", args=[job.public_id])).status_code == 302
    job.refresh_from_db()
    assert job.state == S.CANCELLED


def test_cancel_of_a_finished_job_says_it_has_finished(owner_a, ready_product, make_job):
    job = make_job(ready_product, S.COMPLETED, finished_at=timezone.now())
    response = owner_a.post(reverse("vinted:job_cancel", args=[job.public_id]), follow=True)
    assert "This job has already finished." in _text(response)
    job.refresh_from_db()
    assert job.state == S.COMPLETED


def test_viewer_cannot_retry_or_cancel_and_sees_no_buttons(viewer_a, ready_product, make_job, account):
    job = make_job(ready_product, S.FAILED)
    assert viewer_a.post(reverse("vinted:job_retry", args=[job.public_id])).status_code == 403
    assert viewer_a.post(reverse("vinted:job_cancel", args=[job.public_id])).status_code == 403
    assert viewer_a.post(reverse("vinted:account_sync", args=[account.public_id])).status_code == 403
    job.refresh_from_db()
    assert job.state == S.FAILED
    html = _text(viewer_a.get(reverse("vinted:queue", args=[account.public_id])))
    assert "data-retry" not in html and "data-cancel" not in html and "data-sync-now" not in html


def test_job_detail_shows_transitions_and_requests_in_order(owner_a, ready_product, make_job):
    job = make_job(ready_product, S.COMPLETED, finished_at=timezone.now())
    now = timezone.now()
    JobEvent.objects.create(
        job=job, at=now, kind="transition", from_state="pending", to_state="running", message="Started."
    )
    JobEvent.objects.create(
        job=job,
        at=now + datetime.timedelta(seconds=1),
        kind="request",
        method="POST",
        path="/api/v2/item_upload/items",
        status=200,
        duration_ms=31,
    )
    html = _text(owner_a.get(reverse("vinted:job", args=[job.public_id])))
    assert "Pending → Running" in html
    assert "Listing created on Vinted" in html and "POST /api/v2/item_upload/items · HTTP 200 · 31 ms" in html
    assert html.index("Pending → Running") < html.index("Listing created on Vinted")
    assert "access_token" not in html and "datadome" not in html.lower()


def test_job_history_speaks_words_and_keeps_the_request_log_behind_a_details_toggle(
    owner_a, ready_product, make_job, account
):
    job = make_job(ready_product, S.COMPLETED, finished_at=timezone.now(), photos_total=2)
    now = timezone.now()
    for i, (path, status, outcome) in enumerate(
        [
            ("/api/v2/photos", 200, "ok"),
            ("/api/v2/photos", 200, "ok"),
            ("/api/v2/item_upload/items", 400, "validation_error"),
            ("/api/v2/item_upload/items", 200, "ok"),
        ]
    ):
        JobEvent.objects.create(
            job=job,
            at=now + datetime.timedelta(seconds=i),
            kind="request",
            method="POST",
            path=path,
            status=status,
            duration_ms=19,
            message=outcome,
        )
    html = _text(owner_a.get(reverse("vinted:job", args=[job.public_id])))
    seller = html[html.index("data-events") : html.index("data-technical")]
    technical = html[html.index("data-technical") :]
    technical = technical[: technical.index("</details>")]
    assert "Photo 1 of 2 uploaded" in seller and "Photo 2 of 2 uploaded" in seller
    assert "The listing was not created — Vinted refused some fields" in seller
    assert "Listing created on Vinted" in seller
    assert "/api/" not in seller and "HTTP" not in seller and " ms" not in seller and account.domain not in seller
    assert "POST /api/v2/photos · HTTP 200 · 19 ms · ok" in technical and account.domain in technical


def test_sync_now_asks_for_a_sync_job(owner_a, account):
    response = owner_a.post(reverse("vinted:account_sync", args=[account.public_id]))
    assert response.status_code == 302
    assert Job.objects.get().action == Job.Action.SYNC


def test_progress_of_a_publish_paused_between_requests_shows_its_step_and_the_next_time(
    owner_a, ready_product, make_job
):
    job = make_job(
        ready_product,
        S.PENDING,
        step="photos",
        photos_done=3,
        photos_total=12,
        error_code="pause",
        message="Pausing between requests, as a person would.",
        next_attempt_at=timezone.now() + datetime.timedelta(seconds=36.5),
    )
    html = _fragment(owner_a, job)
    assert "Uploading photos: 3/12 · next request in 37 s" in html and "Queued" not in html
    owner_a.cookies["django_language"] = "fr"
    assert "Envoi des photos : 3/12 · prochaine requête dans 37 s" in _fragment(owner_a, job)


def test_progress_of_a_paused_publish_before_its_create_says_so(owner_a, ready_product, make_job):
    job = make_job(
        ready_product,
        S.PENDING,
        step="creating",
        photos_done=2,
        photos_total=2,
        error_code="pause",
        next_attempt_at=timezone.now() - datetime.timedelta(seconds=1),
    )
    assert "Creating the listing · next request in a moment" in _fragment(owner_a, job)


def test_sync_now_for_an_account_with_a_pending_security_check_says_why_and_queues_nothing(owner_a, account):
    from vinted.models import VintedAccount

    VintedAccount.objects.filter(pk=account.pk).update(status="challenge_required")
    response = owner_a.post(reverse("vinted:account_sync", args=[account.public_id]), follow=True)
    html = _text(response)
    assert "security check" in html and "Sync requested" not in html
    assert not Job.objects.filter(action="sync").exists()


def test_sync_now_for_a_connected_account_queues_a_sync_that_runs(
    owner_a, shop_a, account, monkeypatch, django_capture_on_commit_callbacks
):
    from vinted.jobs import tasks

    sent = []
    monkeypatch.setattr(tasks.run_job, "delay", lambda *args: sent.append(args))
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_a.post(reverse("vinted:account_sync", args=[account.public_id]), follow=True)
    assert "Sync requested" in _text(response)
    job = Job.objects.get(action="sync")
    assert sent == [(shop_a.tenant.schema_name, job.pk)]
