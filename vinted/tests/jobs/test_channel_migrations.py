"""The migrations that moved Vinted's jobs and periodic syncs onto the shared channel machinery
(docs/architecture.md, "Channel jobs"): rows written before the move keep working after it."""

import importlib
import uuid

import pytest
from django.apps import apps as current_apps
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from django_tenants.utils import tenant_context

from channels.models import JobDispatch, PollSchedule
from vinted.jobs.models import Job, JobEvent
from vinted.models import VintedAccount

pytestmark = pytest.mark.django_db

move_index = importlib.import_module("vinted.ledger.migrations.0005_jobdispatch_to_channels")
rename_state = importlib.import_module("vinted.migrations.0006_jobs_on_channel_job")
index_accounts = importlib.import_module("vinted.ledger.migrations.0004_syncschedule_existing_accounts")
move_sync_index = importlib.import_module("vinted.ledger.migrations.0006_syncschedule_to_channels")


@pytest.fixture
def old_index():
    """Vinted's own dispatch index as it was before the move (its table made again in the test's
    transaction), and the models the migration sees."""
    state = MigrationLoader(connection).project_state(
        [("vinted_ledger", "0004_syncschedule_existing_accounts"), ("channels", "0001_initial")]
    )
    old = state.apps.get_model("vinted_ledger", "JobDispatch")
    connection.set_schema_to_public()
    with connection.schema_editor() as editor:
        editor.create_model(old)
    return state.apps, old


@pytest.fixture
def old_sync_index():
    """Vinted's own periodic sync index as it was before the move (its table made again in the
    test's transaction), and the models the migration sees."""
    state = MigrationLoader(connection).project_state(
        [("vinted_ledger", "0005_jobdispatch_to_channels"), ("channels", "0002_pollschedule")]
    )
    old = state.apps.get_model("vinted_ledger", "SyncSchedule")
    connection.set_schema_to_public()
    with connection.schema_editor() as editor:
        editor.create_model(old)
    return state.apps, old


def test_migrate_vinted_index_moves_every_row_to_the_channels_index_with_the_shared_state(old_index):
    apps, old = old_index
    due = timezone.now()
    old.objects.create(
        tenant_schema="t_one",
        job_id=1,
        job_public_id=uuid.uuid4(),
        account_key="vinted:www.vinted.fr:7",
        action="publish",
        state="pending",
        due_at=due,
    )
    old.objects.create(
        tenant_schema="t_one",
        job_id=2,
        job_public_id=uuid.uuid4(),
        account_key="vinted:www.vinted.fr:7",
        action="sync",
        state="waiting_session",
        due_at=None,
    )

    move_index.forwards(apps, None)

    rows = JobDispatch.objects.filter(channel="vinted", tenant_schema="t_one").order_by("job_id")
    assert [(row.job_id, row.action, row.state, row.due_at) for row in rows] == [
        (1, "publish", "pending", due),
        (2, "sync", "waiting_reconnect", None),
    ]


def test_migrate_vinted_index_backwards_puts_the_rows_back_and_leaves_other_channels(old_index):
    apps, old = old_index
    JobDispatch.objects.create(
        channel="vinted", tenant_schema="t_one", job_id=3, job_public_id=uuid.uuid4(), action="hide", state="unknown"
    )
    JobDispatch.objects.create(
        channel="ebay", tenant_schema="t_one", job_id=3, job_public_id=uuid.uuid4(), action="end", state="pending"
    )

    move_index.backwards(apps, None)

    assert list(old.objects.values_list("job_id", "action", "state")) == [(3, "hide", "unknown")]
    assert list(JobDispatch.objects.values_list("channel", flat=True)) == ["ebay"]


def test_migrate_vinted_jobs_waiting_for_a_session_wait_in_the_shared_reconnect_state(shop_a):
    with tenant_context(shop_a.tenant):
        account = VintedAccount.objects.create(domain="www.vinted.fr", vinted_user_id=7, login="vera")
        job = Job.objects.create(action="sync", account=account, state="waiting_session")
        went = JobEvent.objects.create(job=job, kind="transition", from_state="pending", to_state="waiting_session")
        left = JobEvent.objects.create(job=job, kind="transition", from_state="waiting_session", to_state="pending")

        rename_state.forwards(current_apps, None)

        job.refresh_from_db()
        assert job.state == Job.State.WAITING_RECONNECT
        assert job.get_state_display() == "Waiting for a fresh Vinted session"
        assert JobEvent.objects.get(pk=went.pk).to_state == "waiting_reconnect"
        assert JobEvent.objects.get(pk=left.pk).from_state == "waiting_reconnect"


def test_migrate_sync_index_moves_every_row_to_the_poll_index_at_the_same_time(old_sync_index):
    apps, old = old_sync_index
    due = timezone.now()
    old.objects.create(tenant_schema="t_one", account_id=7, next_sync_at=due)
    old.objects.create(tenant_schema="t_one", account_id=8, next_sync_at=None)  # a sync in progress
    PollSchedule.objects.create(channel="ebay", tenant_schema="t_one", account_id=7, next_at=None)

    move_sync_index.forwards(apps, None)

    rows = PollSchedule.objects.filter(channel="vinted", tenant_schema="t_one").order_by("account_id")
    assert [(row.account_id, row.next_at) for row in rows] == [(7, due), (8, None)]
    assert PollSchedule.objects.get(channel="ebay").next_at is None


def test_migrate_sync_index_backwards_puts_the_vinted_rows_back_and_leaves_other_channels(old_sync_index):
    apps, old = old_sync_index
    due = timezone.now()
    PollSchedule.objects.all().delete()
    PollSchedule.objects.create(channel="vinted", tenant_schema="t_one", account_id=7, next_at=due)
    PollSchedule.objects.create(channel="vinted", tenant_schema="t_two", account_id=7, next_at=None)
    PollSchedule.objects.create(channel="ebay", tenant_schema="t_one", account_id=7, next_at=due)

    move_sync_index.backwards(apps, None)

    assert sorted(old.objects.values_list("tenant_schema", "account_id", "next_sync_at")) == [
        ("t_one", 7, due),
        ("t_two", 7, None),
    ]
    assert list(PollSchedule.objects.values_list("channel", flat=True)) == ["ebay"]


def test_migrate_accounts_connected_before_any_sync_index_reach_the_poll_index_due_at_once(
    old_sync_index, account, shop_a
):
    apps, old = old_sync_index
    connection.set_schema_to_public()
    PollSchedule.objects.filter(channel="vinted").delete()

    class Editor:
        pass

    editor = Editor()
    editor.connection = connection
    index_accounts.index_connected_accounts(None, editor)
    move_sync_index.forwards(apps, None)

    [row] = PollSchedule.objects.filter(channel="vinted", tenant_schema=shop_a.tenant.schema_name)
    assert row.account_id == account.pk and row.next_at <= timezone.now()
