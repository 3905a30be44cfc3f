"""The client against the Vinted sandbox over real HTTP: one typed outcome per situation."""

import os
import subprocess
import sys

import pytest

from ratelimit import limiter
from tests.services import ROOT
from vinted import budget, services
from vinted.client import Kind, new_upload_session
from vinted.ledger.models import VintedAttempt
from vinted.models import VintedAccount
from vinted.tests.item_fixture import tshirt

pytestmark = pytest.mark.django_db


def _key(account):
    return budget.account_key(account.domain, account.vinted_user_id)


def _publish(client, jpeg, photos=2, **item_overrides):
    upload = new_upload_session()
    ids = []
    for n in range(photos):
        outcome = client.upload_photo(jpeg((n * 60, 90, 120)), upload_session_id=upload)
        assert outcome.ok, outcome
        ids.append(outcome.data["id"])
    return client.create_item(tshirt(ids, **item_overrides), upload_session_id=upload), upload


def test_publish_photos_then_create_is_ok_with_one_upload_session_and_both_size_forms(account, sandbox, seller, jpeg):
    client = services.client_for(account)
    outcome, upload = _publish(client, jpeg)
    assert outcome.kind is Kind.OK and isinstance(outcome.data["id"], int)
    listing = next(i for i in sandbox.listings(seller["id"]) if i["id"] == outcome.data["id"])
    assert listing["title"] == "Striped cotton T-shirt"
    log = sandbox.request_log(seller["id"])
    writes = [e for e in log if e["mutating"]]
    assert [e["route"] for e in writes] == ["photos", "photos", "items.create"]
    for entry in writes:
        headers = {k.lower(): v for k, v in entry["headers"].items()}
        assert headers["user-agent"] == sandbox.state.config["user_agent"]
        assert headers["x-csrf-token"] and headers["x-anon-id"]
        assert headers["origin"] == sandbox.url
        assert "refresh_token_web" not in headers["cookie"]
    create_headers = {k.lower(): v for k, v in writes[-1]["headers"].items()}
    assert create_headers["x-upload-form"] == "true"
    assert create_headers["x-enable-multiple-size-groups"] == "true"
    # Three slots spent, three attempts logged, none released.
    attempts = VintedAttempt.objects.filter(account_key=_key(account))
    assert attempts.count() == 3 and set(attempts.values_list("outcome", flat=True)) == {"ok"}
    assert limiter.status(_key(account), budget.policy_for(_key(account))).remaining == 37
    assert upload


def test_read_edit_hide_delete_round_trip_is_ok(account, sandbox, seller, jpeg):
    client = services.client_for(account)
    created, upload = _publish(client, jpeg, photos=1)
    item_id = created.data["id"]
    read = client.get_item(item_id)
    assert read.ok and read.data["title"] == "Striped cotton T-shirt"
    photo_ids = [p["id"] for p in read.data["photos"]]
    edited = client.edit_item(item_id, tshirt(photo_ids, title="Striped cotton T-shirt, size M", price=9))
    assert edited.ok, edited
    assert client.get_item(item_id).data["title"] == "Striped cotton T-shirt, size M"
    assert client.hide_item(item_id).ok
    assert client.delete_item(item_id).ok
    assert client.get_item(item_id).kind is Kind.NOT_FOUND


def test_wardrobe_pages_until_the_last_page(account, sandbox, seller, jpeg):
    client = services.client_for(account)
    for n in range(3):
        assert _publish(client, jpeg, photos=1, title=f"Striped cotton T-shirt {n}")[0].ok
    outcome = client.wardrobe(seller["id"], per_page=20)
    assert outcome.ok and len(outcome.data) == 3
    pages = [e for e in sandbox.request_log(seller["id"]) if e["route"] and "wardrobe" in e["route"]]
    assert len(pages) == 1


def test_lookups_answer_and_size_less_leaf_has_no_size_group(account):
    client = services.client_for(account)
    assert client.colors().ok
    groups = client.size_groups(221)
    assert groups.ok and groups.data["size_groups"]
    bags = client.size_groups(158)
    assert bags.ok and bags.data["size_groups"] == []
    brands = client.brands(221, "Zara")
    assert brands.ok and any(b["title"] == "Zara" for b in brands.data["brands"])
    assert client.package_sizes(221).ok


def test_validation_fault_gives_validation_error_with_fields(account, sandbox, seller, jpeg):
    sandbox.add_fault("validation", seller_id=seller["id"], errors=["brand", "package_size"])
    outcome, _upload = _publish(services.client_for(account), jpeg, photos=1)
    assert outcome.kind is Kind.VALIDATION_ERROR
    assert [e.field for e in outcome.errors] == ["brand", "package_size"]
    assert all(e.message for e in outcome.errors)


def test_photo_error_gives_validation_error_on_photos(account, sandbox, seller, jpeg):
    sandbox.add_fault("photo_error", seller_id=seller["id"], code=51)
    outcome = services.client_for(account).upload_photo(jpeg(), upload_session_id=new_upload_session())
    assert outcome.kind is Kind.VALIDATION_ERROR and outcome.errors[0].field == "photos"


def test_expired_token_gives_session_expired_and_marks_account(account, sandbox, seller):
    sandbox.add_fault("expired_token", seller_id=seller["id"])
    outcome = services.client_for(account).who_am_i()
    assert outcome.kind is Kind.SESSION_EXPIRED
    account.refresh_from_db()
    assert account.status == VintedAccount.Status.EXPIRED


def test_stale_csrf_is_refetched_once_and_the_write_retried(account, sandbox, seller, jpeg):
    sandbox.add_fault("csrf_rotated", seller_id=seller["id"], route="photos", times="once")
    client = services.client_for(account)
    outcome = client.upload_photo(jpeg(), upload_session_id=new_upload_session())
    assert outcome.ok
    routes = [e["route"] for e in sandbox.request_log(seller["id"])]
    assert routes[-3:] == ["photos", "page.items_new", "photos"]
    services.save_session_changes(account, client)
    assert services.client_for(account).session.csrf_token == client.session.csrf_token


def test_csrf_refused_twice_gives_csrf_refresh_and_stops(account, sandbox, seller, jpeg):
    sandbox.add_fault("csrf_rotated", seller_id=seller["id"], route="photos")
    outcome = services.client_for(account).upload_photo(jpeg(), upload_session_id=new_upload_session())
    assert outcome.kind is Kind.CSRF_REFRESH
    assert [e["route"] for e in sandbox.request_log(seller["id"])].count("photos") == 2


@pytest.mark.parametrize("mode", ["bot_challenge", "bot_block", "bot_html", "bot_html_200"])
def test_bot_challenge_exhausts_budget_and_requires_a_human(account, sandbox, seller, jpeg, mode):
    sandbox.add_fault(mode, seller_id=seller["id"], route="photos")
    outcome = services.client_for(account).upload_photo(jpeg(), upload_session_id=new_upload_session())
    assert outcome.kind is Kind.BOT_CHALLENGE
    assert limiter.status(_key(account), budget.policy_for(_key(account))).remaining == 0
    account.refresh_from_db()
    assert account.status == VintedAccount.Status.CHALLENGE_REQUIRED
    with pytest.raises(services.AccountUnavailable):
        services.client_for(account)


def test_429_gives_rate_limited_and_pauses_the_account(account, sandbox, seller, jpeg):
    sandbox.add_fault("rate_limited", seller_id=seller["id"], route="photos")
    outcome = services.client_for(account).upload_photo(jpeg(), upload_session_id=new_upload_session())
    assert outcome.kind is Kind.RATE_LIMITED
    decision = limiter.status(_key(account), budget.policy_for(_key(account)))
    assert decision.remaining == 0 and not decision.allowed
    account.refresh_from_db()
    assert account.status == VintedAccount.Status.CONNECTED  # the full window is the cool-down


def test_server_error_on_a_read_is_transient_after_one_retry(account, sandbox, seller):
    sandbox.add_fault("server_error", seller_id=seller["id"], route="users.current")
    outcome = services.client_for(account).who_am_i()
    assert outcome.kind is Kind.TRANSIENT
    assert [e["route"] for e in sandbox.request_log(seller["id"])].count("users.current") == 3  # connect + 2


def test_server_error_on_a_write_is_ambiguous_and_keeps_the_slot(account, sandbox, seller, jpeg):
    sandbox.add_fault("server_error", seller_id=seller["id"], route="photos", status=503)
    outcome = services.client_for(account).upload_photo(jpeg(), upload_session_id=new_upload_session())
    assert outcome.kind is Kind.AMBIGUOUS
    assert limiter.status(_key(account), budget.policy_for(_key(account))).remaining == 39


def test_dropped_connection_after_create_is_ambiguous_and_never_resent(account, sandbox, seller, jpeg):
    client = services.client_for(account)
    sandbox.add_fault("drop_after_commit", seller_id=seller["id"], route="items.create")
    outcome, _upload = _publish(client, jpeg, photos=1)
    assert outcome.kind is Kind.AMBIGUOUS and outcome.sent
    assert len(sandbox.listings(seller["id"])) == 1  # Vinted did act: reconcile, never resubmit
    creates = [e for e in sandbox.request_log(seller["id"]) if e["route"] == "items.create"]
    assert len(creates) == 1
    row = VintedAttempt.objects.filter(account_key=_key(account), path="/api/v2/item_upload/items").get()
    assert row.outcome == "ambiguous" and row.sent_at is not None


def test_read_timeout_on_a_write_is_ambiguous(account, sandbox, seller, jpeg, settings):
    settings.VINTED_READ_TIMEOUT = 0.5
    sandbox.add_fault("slow", seller_id=seller["id"], route="photos", seconds=1.5)
    outcome = services.client_for(account).upload_photo(jpeg(), upload_session_id=new_upload_session())
    assert outcome.kind is Kind.AMBIGUOUS


def test_connect_failure_is_transient_and_releases_the_slot(account, settings, jpeg):
    from tests.services import free_port

    settings.VINTED_SANDBOX_URL = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    client = services.client_for(account)
    client.session.csrf_token = client.session.csrf_token or "3f2b8c1e-7d4a-4b9e-8c21-5e6f7a8b9c0d"
    outcome = client.upload_photo(jpeg(), upload_session_id=new_upload_session())
    assert outcome.kind is Kind.TRANSIENT and not outcome.sent
    assert limiter.status(_key(account), budget.policy_for(_key(account))).remaining == 40
    assert VintedAttempt.objects.get(account_key=_key(account)).outcome == "released"


def test_budget_used_up_refuses_without_sending(account, sandbox, seller, jpeg, settings):
    settings.VINTED_RATE_LIMIT_MAX = 2
    client = services.client_for(account)
    upload = new_upload_session()
    outcomes = [client.upload_photo(jpeg(), upload_session_id=upload) for _ in range(3)]
    assert [o.kind for o in outcomes] == [Kind.OK, Kind.OK, Kind.BUDGET_EXHAUSTED]
    assert not outcomes[2].sent and outcomes[2].retry_at_ms
    assert sandbox.mutating_count(seller["id"]) == 2


def test_unknown_item_is_not_found(account):
    assert services.client_for(account).get_item(987654321).kind is Kind.NOT_FOUND


def test_push_up_is_never_sent_even_if_asked(account, sandbox, seller, jpeg):
    outcome, _upload = _publish(services.client_for(account), jpeg, photos=1, push_up=True)
    assert outcome.ok  # the sandbox rejects push_up: true loudly; the client forced it off


def test_disconnected_account_gets_no_client(account):
    services.disconnect(account)
    with pytest.raises(services.AccountUnavailable):
        services.client_for(account)


def test_no_session_value_reaches_the_logs_even_at_debug(account, sandbox, seller, jpeg, caplog):
    import logging

    caplog.set_level(logging.DEBUG)
    client = services.client_for(account)
    secrets = [
        client.session.access_token,
        client.session.cookies["datadome"],
        client.session.csrf_token,
        client.session.anon_id,
    ]
    sandbox.add_fault("csrf_rotated", seller_id=seller["id"], route="photos", times="once")
    outcome, _upload = _publish(client, jpeg, photos=1)
    assert outcome.ok
    logging.getLogger("vinted.test").info("client %r session %r outcome %r", client, client.session, outcome)
    assert caplog.records
    for secret in secrets + [client.session.csrf_token]:
        assert secret not in caplog.text


def test_challenge_on_a_read_also_stops_the_account(account, sandbox, seller):
    sandbox.add_fault("bot_html", seller_id=seller["id"], route="wardrobe*")
    outcome = services.client_for(account).wardrobe_page(seller["id"])
    assert outcome.kind is Kind.BOT_CHALLENGE
    assert limiter.status(_key(account), budget.policy_for(_key(account))).remaining == 0
    account.refresh_from_db()
    assert account.status == VintedAccount.Status.CHALLENGE_REQUIRED


def test_window_lost_by_redis_is_rebuilt_from_the_attempts_log(account, sandbox, seller, jpeg, redis_client):
    client = services.client_for(account)
    upload = new_upload_session()
    for _ in range(3):
        assert client.upload_photo(jpeg(), upload_session_id=upload).ok
    redis_client.flushdb()  # Redis lost the window (failover, restart without AOF)
    assert limiter.status(_key(account), budget.policy_for(_key(account))).remaining == 37


@pytest.mark.parametrize(
    "environment, window",
    [
        ({"VINTED_READ_TIMEOUT": "10"}, 7270),
        ({"VINTED_READ_TIMEOUT": "10", "VINTED_RATE_LIMIT_WINDOW_SECONDS": "7200"}, 7200),
    ],
)
def test_default_window_is_two_hours_plus_read_timeout_and_a_minute(environment, window):
    """A request slow in flight and a later fast one must not land closer than 2 h apart at Vinted."""
    code = "from django.conf import settings; print(settings.VINTED_RATE_LIMIT_WINDOW_SECONDS)"
    base = {k: v for k, v in os.environ.items() if not k.startswith("VINTED_")}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**base, **environment},
        check=True,
    )
    assert int(result.stdout.strip()) == window
