"""Policy resolution: subject override beats tenant override beats the registered default."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ratelimit import policies
from ratelimit.limiter import Policy, Window
from ratelimit.models import OverrideWindow, PolicyOverride

pytestmark = pytest.mark.django_db


@pytest.fixture
def sample_policy():
    policies.register_policy("sample", lambda: Policy((Window(40, 7200),)))
    return "sample"


def _override(name, scope, ref, *windows):
    override = PolicyOverride.objects.create(policy_name=name, scope=scope, ref=ref)
    for limit, seconds in windows:
        OverrideWindow.objects.create(override=override, limit=limit, seconds=seconds)
    return override


def test_resolve_policy_without_overrides_gives_the_registered_default(sample_policy):
    assert policies.resolve_policy(sample_policy, tenant_ref="t_a", subject_ref="acct:1") == Policy((Window(40, 7200),))


def test_resolve_policy_with_tenant_override_uses_it(sample_policy):
    _override(sample_policy, "tenant", "t_a", (20, 7200))
    assert policies.resolve_policy(sample_policy, tenant_ref="t_a", subject_ref="acct:1") == Policy((Window(20, 7200),))
    assert policies.resolve_policy(sample_policy, tenant_ref="t_b").windows == (Window(40, 7200),)


def test_resolve_policy_with_subject_override_beats_tenant_override(sample_policy):
    _override(sample_policy, "tenant", "t_a", (20, 7200))
    _override(sample_policy, "subject", "acct:1", (38, 7200), (10, 600))
    resolved = policies.resolve_policy(sample_policy, tenant_ref="t_a", subject_ref="acct:1")
    assert resolved == Policy((Window(38, 7200), Window(10, 600)))
    assert policies.resolve_policy(sample_policy, tenant_ref="t_a", subject_ref="acct:2").windows == (Window(20, 7200),)


def _reads(captured) -> list[str]:
    # django-tenants sets the search path on a fresh cursor: not a read.
    return [q["sql"] for q in captured.captured_queries if not q["sql"].startswith("SET ")]


def test_resolve_policies_gives_each_subject_what_resolve_policy_gives_in_one_query(sample_policy):
    _override(sample_policy, "tenant", "t_a", (20, 7200))
    _override(sample_policy, "subject", "acct:1", (38, 7200), (10, 600))
    _override("other", "subject", "acct:2", (1, 60))
    refs = ["acct:1", "acct:2", "acct:3"]
    with CaptureQueriesContext(connection) as captured:
        resolved = policies.resolve_policies(sample_policy, tenant_ref="t_a", subject_refs=refs)
    assert len(_reads(captured)) == 2, _reads(captured)  # the overrides, their windows
    for ref in refs:
        assert resolved[ref] == policies.resolve_policy(sample_policy, tenant_ref="t_a", subject_ref=ref)
    assert resolved["acct:3"].windows == (Window(20, 7200),)
    assert policies.resolve_policies(sample_policy, tenant_ref="t_b", subject_refs=["acct:3"])["acct:3"].windows == (
        Window(40, 7200),
    )


def test_resolve_policy_ignores_overrides_of_other_policies(sample_policy):
    _override("other", "subject", "acct:1", (1, 60))
    assert policies.resolve_policy(sample_policy, subject_ref="acct:1").windows == (Window(40, 7200),)


def test_resolve_unknown_policy_is_a_lookup_error():
    with pytest.raises(LookupError):
        policies.resolve_policy("never-registered")


def test_windows_from_settings_without_burst_is_one_window(settings):
    settings.SAMPLE_RATE_LIMIT_MAX, settings.SAMPLE_RATE_LIMIT_WINDOW_SECONDS = 40, 7200
    assert policies.windows_from_settings(prefix="SAMPLE_RATE_LIMIT") == (Window(40, 7200),)


def test_windows_from_settings_with_burst_adds_a_window(settings):
    settings.VINTED_RATE_LIMIT_MAX, settings.VINTED_RATE_LIMIT_WINDOW_SECONDS = 40, 7200
    settings.VINTED_RATE_LIMIT_BURST_MAX, settings.VINTED_RATE_LIMIT_BURST_WINDOW_SECONDS = 10, 600
    assert policies.policy_from_settings("VINTED_RATE_LIMIT") == Policy((Window(40, 7200), Window(10, 600)))


def test_admin_override_form_needs_a_window(client, sample_policy, django_user_model):
    staff = django_user_model.objects.create_superuser(email="staff@example.com", password="pw-for-staff-1")
    client.force_login(staff)
    url = reverse("admin:ratelimit_policyoverride_add")
    base = {
        "policy_name": sample_policy,
        "scope": "subject",
        "ref": "acct:9",
        "note": "",
        "windows-TOTAL_FORMS": "1",
        "windows-INITIAL_FORMS": "0",
        "windows-MIN_NUM_FORMS": "0",
        "windows-MAX_NUM_FORMS": "1000",
    }
    refused = client.post(url, {**base, "windows-0-limit": "", "windows-0-seconds": ""})
    assert refused.status_code == 200 and not PolicyOverride.objects.exists()
    assert "at least one window" in refused.content.decode()
    saved = client.post(url, {**base, "windows-0-limit": "30", "windows-0-seconds": "7200"})
    assert saved.status_code == 302
    assert policies.resolve_policy(sample_policy, subject_ref="acct:9").windows == (Window(30, 7200),)
    listing = client.get(reverse("admin:ratelimit_policyoverride_changelist")).content.decode()
    assert "acct:9" in listing and "30/7200s" in listing


def test_windows_from_settings_with_half_a_burst_pair_keeps_it_off(settings):
    settings.VINTED_RATE_LIMIT_MAX, settings.VINTED_RATE_LIMIT_WINDOW_SECONDS = 40, 7200
    settings.VINTED_RATE_LIMIT_BURST_MAX, settings.VINTED_RATE_LIMIT_BURST_WINDOW_SECONDS = 10, 0
    assert policies.windows_from_settings(prefix="VINTED_RATE_LIMIT") == (Window(40, 7200),)
