"""The audit log's side of `tenants.signals`: the team and token changes, recorded in the shop's
schema (the services that send them run on public tables)."""

from tenants import signals

from .services import record


def _membership(action, membership, changes, actor):
    record(
        action,
        "membership",
        membership.public_id,
        membership.user.email,
        changes,
        actor=actor,
        tenant=membership.tenant,
    )


def _token(action, token, actor):
    # The name and the public prefix only: the key is shown once and never stored.
    record(
        action,
        "api_token",
        token.public_id,
        f"{token.name} ({token.prefix}…)",
        {"owner": token.membership.user.email},
        actor=actor,
        tenant=token.membership.tenant,
    )


def member_added(sender, membership, actor, **kwargs):
    _membership("team.member_added", membership, {"role": [None, membership.role]}, actor)


def member_role_changed(sender, membership, old_role, actor, **kwargs):
    _membership("team.role_changed", membership, {"role": [old_role, membership.role]}, actor)


def member_removed(sender, membership, actor, by_self, **kwargs):
    action = "team.member_left" if by_self else "team.member_removed"
    _membership(action, membership, {"role": [membership.role, None]}, actor)


def ownership_transferred(sender, new_owner, previous_owner, previous_role, **kwargs):
    changes = {"role": [previous_role, new_owner.role], "previous_owner": previous_owner.user.email}
    _membership("team.ownership_transferred", new_owner, changes, previous_owner.user)


def invitation_sent(sender, invitation, actor, **kwargs):
    record(
        "team.invitation_sent",
        "invitation",
        invitation.public_id,
        invitation.email,
        {"role": [None, invitation.role]},
        actor=actor,
        tenant=invitation.tenant,
    )


def invitation_accepted(sender, invitation, membership, actor, **kwargs):
    _membership("team.invitation_accepted", membership, {"role": [None, membership.role]}, actor)


def invitation_declined(sender, invitation, actor, **kwargs):
    record(
        "team.invitation_declined",
        "invitation",
        invitation.public_id,
        invitation.email,
        actor=actor,
        tenant=invitation.tenant,
    )


def token_created(sender, token, actor, **kwargs):
    _token("token.created", token, actor)


def token_revoked(sender, token, actor, **kwargs):
    _token("token.revoked", token, actor)


def connect() -> None:
    """Called once from AuditConfig.ready."""
    for signal, receiver in (
        (signals.member_added, member_added),
        (signals.member_role_changed, member_role_changed),
        (signals.member_removed, member_removed),
        (signals.ownership_transferred, ownership_transferred),
        (signals.invitation_sent, invitation_sent),
        (signals.invitation_accepted, invitation_accepted),
        (signals.invitation_declined, invitation_declined),
        (signals.token_created, token_created),
        (signals.token_revoked, token_revoked),
    ):
        signal.connect(receiver, dispatch_uid=f"audit.{receiver.__name__}")
