"""tenants knows no other app: its team and token services send signals, and the audit app writes
one row per signal into the shop's schema."""

import ast
from pathlib import Path

import pytest
from django_tenants.utils import tenant_context

from audit.models import Entry
from tenants import signals, tokens
from tenants.models import Invitation, Membership
from tests.factories import add_member

pytestmark = pytest.mark.django_db


def _rows(shop):
    with tenant_context(shop.tenant):
        return list(Entry.objects.order_by("pk").values_list("action", "object_type", "actor_id", "changes"))


def test_each_tenants_signal_writes_its_row_in_the_shops_schema(shop_a):
    owner = shop_a.owner
    member = Membership.objects.get(user=add_member(shop_a, Membership.Role.MEMBER))
    invitation = Invitation.objects.create(tenant=shop_a.tenant, email="x@example.com", role="viewer")
    token, _key = tokens.create(shop_a.membership, "t")
    with tenant_context(shop_a.tenant):
        Entry.objects.all().delete()  # tokens.create above already went through the signal

    signals.member_added.send(sender=Membership, membership=member, actor=owner)
    signals.member_role_changed.send(sender=Membership, membership=member, old_role="viewer", actor=owner)
    signals.member_removed.send(sender=Membership, membership=member, actor=owner, by_self=False)
    signals.member_removed.send(sender=Membership, membership=member, actor=member.user, by_self=True)
    member.role = Membership.Role.OWNER  # as transfer_ownership saves it before sending
    signals.ownership_transferred.send(
        sender=Membership, new_owner=member, previous_owner=shop_a.membership, previous_role="member"
    )
    signals.invitation_sent.send(sender=Invitation, invitation=invitation, actor=owner)
    signals.invitation_accepted.send(sender=Invitation, invitation=invitation, membership=member, actor=member.user)
    signals.invitation_declined.send(sender=Invitation, invitation=invitation, actor=member.user)
    signals.token_created.send(sender=type(token), token=token, actor=owner)
    signals.token_revoked.send(sender=type(token), token=token, actor=owner)

    assert _rows(shop_a) == [
        ("team.member_added", "membership", owner.pk, {"role": [None, "member"]}),
        ("team.role_changed", "membership", owner.pk, {"role": ["viewer", "member"]}),
        ("team.member_removed", "membership", owner.pk, {"role": ["member", None]}),
        ("team.member_left", "membership", member.user.pk, {"role": ["member", None]}),
        (
            "team.ownership_transferred",
            "membership",
            owner.pk,
            {"role": ["member", "owner"], "previous_owner": owner.email},
        ),
        ("team.invitation_sent", "invitation", owner.pk, {"role": [None, "viewer"]}),
        ("team.invitation_accepted", "membership", member.user.pk, {"role": [None, "owner"]}),
        ("team.invitation_declined", "invitation", member.user.pk, {}),
        ("token.created", "api_token", owner.pk, {"owner": owner.email}),
        ("token.revoked", "api_token", owner.pk, {"owner": owner.email}),
    ]


def test_tenants_never_imports_the_audit_app():
    root = Path(__file__).resolve().parents[2] / "tenants"
    offenders = []
    for path in root.rglob("*.py"):
        if "tests" in path.relative_to(root).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {name}" for name in names if name.split(".")[0] == "audit"]
    assert offenders == []
