import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django_tenants.utils import schema_exists

from tenants.models import Membership, Tenant, User

pytestmark = pytest.mark.django_db


def _run(*args):
    from io import StringIO

    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_provision_tenant_without_password_prints_a_generated_one_once():
    output = _run("provision_tenant", "--name", "Cmd Shop", "--owner-email", "cmd@example.com", "--tier", "premium")
    password = output.split("Generated password (shown once): ")[1].strip()
    tenant = Tenant.objects.get(name="Cmd Shop")
    assert tenant.tier.code == "premium" and schema_exists(tenant.schema_name)
    assert User.objects.get(email="cmd@example.com").check_password(password)


def test_provision_tenant_with_password_uses_it():
    _run("provision_tenant", "--name", "P", "--owner-email", "p@example.com", "--password", "chosen-pass-77")
    assert User.objects.get(email="p@example.com").check_password("chosen-pass-77")


def test_provision_tenant_for_an_existing_user_makes_them_owner(shop_a):
    _run("provision_tenant", "--name", "Second", "--owner-email", shop_a.owner.email)
    assert Membership.objects.filter(user=shop_a.owner, tenant__name="Second", role="owner").exists()


def test_provision_tenant_with_unknown_tier_fails_clearly():
    with pytest.raises(CommandError, match="Unknown tier 'gold'"):
        _run("provision_tenant", "--name", "X", "--owner-email", "x@example.com", "--tier", "gold")


def test_list_tenants_shows_every_shop_but_not_the_template(shop_a, shop_b):
    output = _run("list_tenants")
    assert shop_a.tenant.schema_name in output and shop_b.tenant.schema_name in output
    assert "tenant_template" not in output


def test_suspend_and_reactivate_tenant_change_its_status(shop_a):
    _run("suspend_tenant", shop_a.tenant.schema_name, "--reason", "chargeback")
    shop_a.tenant.refresh_from_db()
    assert shop_a.tenant.status == "suspended" and shop_a.tenant.suspension_reason == "chargeback"
    _run("reactivate_tenant", str(shop_a.tenant.public_id))
    shop_a.tenant.refresh_from_db()
    assert shop_a.tenant.status == "active"


def test_delete_tenant_requires_yes():
    _run("provision_tenant", "--name", "Doomed", "--owner-email", "d@example.com")
    with pytest.raises(CommandError, match="--yes"):
        _run("delete_tenant", "Doomed")
    assert Tenant.objects.filter(name="Doomed").exists()


def test_delete_tenant_with_yes_drops_the_schema_and_rows():
    _run("provision_tenant", "--name", "Doomed", "--owner-email", "d@example.com")
    schema = Tenant.objects.get(name="Doomed").schema_name
    _run("delete_tenant", schema, "--yes")
    connection.set_schema_to_public()
    assert not schema_exists(schema)
    assert not Tenant.objects.filter(name="Doomed").exists()
    assert User.objects.filter(email="d@example.com").exists()


def test_delete_tenant_refuses_the_template():
    with pytest.raises(CommandError):
        _run("delete_tenant", "tenant_template", "--yes")


def test_commands_with_an_unknown_shop_fail_clearly():
    with pytest.raises(CommandError, match="No shop matches"):
        _run("suspend_tenant", "t_nothere")
