"""The shop's audit log: team and token changes are recorded with who/IP/via, and the page shows
them (with staff act-as visits folded in) to owners and admins only."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django_tenants.utils import tenant_context

from audit.models import Entry
from tenants import services, tokens
from tenants.models import Invitation, Membership
from tests.factories import PASSWORD, UserFactory, add_member

pytestmark = pytest.mark.django_db


def _entries(shop, action=None):
    with tenant_context(shop.tenant):
        rows = Entry.objects.all() if action is None else Entry.objects.filter(action=action)
        return list(rows.order_by("at", "pk"))


def _membership(user):
    return Membership.objects.get(user=user)


def _objects(response) -> list[str]:
    """The "Object" cell of each row the page shows."""
    return [row.object_label for row in response.context["log"].rows]


def test_role_change_on_the_team_page_records_who_old_new_ip_and_via_page(client_a, shop_a):
    member = _membership(add_member(shop_a, Membership.Role.MEMBER))
    client_a.post(reverse("tenants:team_role", args=[member.public_id]), {"role": "viewer"}, REMOTE_ADDR="203.0.113.9")
    [entry] = _entries(shop_a, "team.role_changed")
    assert (entry.actor_id, entry.actor_label) == (shop_a.owner.pk, shop_a.owner.email)
    assert entry.changes == {"role": ["member", "viewer"]}
    assert entry.object_label == member.user.email and entry.object_id == str(member.public_id)
    assert (entry.ip, entry.via) == ("203.0.113.9", "page")


def test_adding_a_new_person_and_inviting_an_existing_one_are_recorded(client_a, shop_a):
    UserFactory(email="has-account@example.com")
    client_a.post(reverse("tenants:team"), {"email": "brand-new@example.com", "role": "member"})
    client_a.post(reverse("tenants:team"), {"email": "has-account@example.com", "role": "viewer"})
    assert [e.object_label for e in _entries(shop_a, "team.member_added")] == ["brand-new@example.com"]
    [invited] = _entries(shop_a, "team.invitation_sent")
    assert invited.object_label == "has-account@example.com" and invited.changes == {"role": [None, "viewer"]}


def test_answering_an_invitation_is_recorded_with_the_invitee_as_actor(client, shop_a):
    invitee = UserFactory(email="invitee@example.com")
    invitation = Invitation.objects.create(tenant=shop_a.tenant, email=invitee.email, role="member")
    client.force_login(invitee)
    client.post(reverse("tenants:invitation", args=[invitation.public_id]), {"answer": "accept"})
    [entry] = _entries(shop_a, "team.invitation_accepted")
    assert entry.actor_label == "invitee@example.com" and entry.changes == {"role": [None, "member"]}


def test_declining_an_invitation_is_recorded(shop_a):
    invitee = UserFactory(email="decliner@example.com")
    invitation = Invitation.objects.create(tenant=shop_a.tenant, email=invitee.email, role="member")
    services.answer_invitation(invitation, invitee, accept=False)
    assert [e.object_label for e in _entries(shop_a, "team.invitation_declined")] == ["decliner@example.com"]


def test_removing_a_member_and_leaving_are_told_apart(shop_a):
    removed = _membership(add_member(shop_a, Membership.Role.MEMBER))
    leaving = _membership(add_member(shop_a, Membership.Role.VIEWER))
    services.remove_member(shop_a.membership, removed)
    services.remove_member(leaving, leaving)
    assert [e.changes for e in _entries(shop_a, "team.member_removed")] == [{"role": ["member", None]}]
    assert [e.changes for e in _entries(shop_a, "team.member_left")] == [{"role": ["viewer", None]}]


def test_ownership_transfer_is_recorded_with_the_previous_owner(client_a, shop_a):
    admin = _membership(add_member(shop_a, Membership.Role.ADMIN))
    client_a.post(reverse("tenants:transfer_ownership", args=[admin.public_id]), {"password": PASSWORD})
    [entry] = _entries(shop_a, "team.ownership_transferred")
    assert entry.object_label == admin.user.email
    assert entry.changes == {"role": ["admin", "owner"], "previous_owner": shop_a.owner.email}


def test_token_created_and_revoked_are_recorded_without_the_key(client_a, shop_a):
    client_a.post(reverse("tenants:api_tokens"), {"name": "stock script"})
    token = shop_a.membership.api_tokens.get(name="stock script")
    client_a.post(reverse("tenants:api_token_revoke", args=[token.public_id]))
    created, revoked = _entries(shop_a, "token.created"), _entries(shop_a, "token.revoked")
    assert [e.object_label for e in created] == [f"stock script ({token.prefix}…)"]
    assert [e.object_id for e in revoked] == [str(token.public_id)]
    logged = str([(e.object_label, e.changes) for e in created + revoked])
    assert token.key_hash not in logged


def test_revoking_an_already_revoked_token_records_nothing_more(shop_a):
    token, _key = tokens.create(shop_a.membership, "once")
    assert tokens.revoke(shop_a.membership, token.public_id)
    assert not tokens.revoke(shop_a.membership, token.public_id)
    assert len(_entries(shop_a, "token.revoked")) == 1


# The page


def _staff_with_act_as():
    staff = UserFactory(is_staff=True, email="support@stoflow.example")
    staff.user_permissions.add(Permission.objects.get(codename="act_as_tenant"))
    return staff


def test_owner_and_admin_see_the_audit_log_with_actions_in_words(client, shop_a):
    member = _membership(add_member(shop_a, Membership.Role.MEMBER))
    services.change_role(shop_a.membership, member, Membership.Role.VIEWER)
    for user in (shop_a.owner, add_member(shop_a, Membership.Role.ADMIN)):
        client.force_login(user)
        response = client.get(reverse("audit:log"))
        assert response.status_code == 200
        assert "Role changed" in response.text and "role: member → viewer" in response.text


@pytest.mark.parametrize("role", [Membership.Role.MEMBER, Membership.Role.VIEWER])
def test_member_and_viewer_cannot_see_the_audit_log(client, shop_a, role):
    services.change_role(shop_a.membership, _membership(add_member(shop_a, Membership.Role.MEMBER)), "viewer")
    client.force_login(add_member(shop_a, role))
    response = client.get(reverse("audit:log"))
    assert response.status_code == 403 and "Role changed" not in response.text
    assert reverse("audit:log") not in client.get(reverse("dashboard")).text


def test_filter_by_user_shows_only_that_persons_changes(client_a, shop_a):
    admin = _membership(add_member(shop_a, Membership.Role.ADMIN))
    services.change_role(shop_a.membership, _membership(add_member(shop_a, "member", "by-owner@example.com")), "viewer")
    services.change_role(admin, _membership(add_member(shop_a, "member", "by-admin@example.com")), "viewer")
    response = client_a.get(reverse("audit:log"), {"actor": admin.user.pk})
    assert _objects(response) == ["by-admin@example.com"]


def test_filter_by_action_shows_only_that_action(client_a, shop_a):
    member = _membership(add_member(shop_a, "member", "renamed-role@example.com"))
    services.change_role(shop_a.membership, member, "viewer")
    tokens.create(shop_a.membership, "my-script-token")
    response = client_a.get(reverse("audit:log"), {"action": "token.created"})
    [shown] = _objects(response)
    assert shown.startswith("my-script-token (")


def test_an_unknown_filter_value_is_a_field_error_not_a_500(client_a):
    response = client_a.get(reverse("audit:log"), {"action": "drop.tables", "actor": "x"})
    assert response.status_code == 400
    assert response.context["form"].errors.keys() == {"action", "actor"}


def test_staff_act_as_visits_are_folded_into_the_shops_log(client, shop_a):
    staff = _staff_with_act_as()
    client.force_login(staff)
    client.post(reverse("tenants:act_as_start", args=[shop_a.tenant.pk]))
    client.get(reverse("dashboard"))
    tokens.create(shop_a.membership, "owner-token")
    client.force_login(shop_a.owner)
    everything = client.get(reverse("audit:log"))
    visit = f"GET {reverse('dashboard')}"
    assert visit in _objects(everything) and "START act-as started" in _objects(everything)
    assert [row.actor for row in everything.context["log"].rows if row.object_label == visit] == [staff.email]
    only_visits = client.get(reverse("audit:log"), {"action": "act_as", "actor": staff.pk})
    assert _objects(only_visits) == [visit, "START act-as started"]


def test_staff_acting_as_the_shop_may_read_its_log(client, shop_a):
    services.change_role(shop_a.membership, _membership(add_member(shop_a, Membership.Role.MEMBER)), "viewer")
    client.force_login(_staff_with_act_as())
    client.post(reverse("tenants:act_as_start", args=[shop_a.tenant.pk]))
    response = client.get(reverse("audit:log"))
    assert response.status_code == 200 and "Role changed" in response.text


def test_the_log_pages_backwards_in_time(client_a, shop_a, monkeypatch):
    from audit import log

    monkeypatch.setattr(log, "PAGE_SIZE", 2)
    for name in ("first-token", "second-token", "third-token"):
        tokens.create(shop_a.membership, name)
    first = client_a.get(reverse("audit:log"), {"action": "token.created"})
    assert [label.split(" ")[0] for label in _objects(first)] == ["third-token", "second-token"]
    older = client_a.get(reverse("audit:log") + "?" + first.context["next_query"])
    assert [label.split(" ")[0] for label in _objects(older)] == ["first-token"]
    assert older.context["next_query"] is None


def test_shop_b_never_sees_shop_a_entries(client_b, shop_a):
    tokens.create(shop_a.membership, "secret-plan-of-a")
    assert "secret-plan-of-a" not in client_b.get(reverse("audit:log")).text


def test_the_page_is_in_french_for_a_french_seller(client_a, shop_a):
    tokens.create(shop_a.membership, "fr-token")
    response = client_a.get(reverse("audit:log"), HTTP_ACCEPT_LANGUAGE="fr")
    assert "Journal d’activité" in response.text and "Jeton d’API créé" in response.text


def test_changed_fields_and_values_are_in_the_sellers_language(client_a, shop_a):
    from audit.services import record

    record(
        "vinted.account_connected",
        "vinted_account",
        "x",
        "seller (fr)",
        {"status": [None, "connected"]},
        tenant=shop_a.tenant,
    )
    record("product.price_changed", "product", "y", "SKU-1", {"price": ["12.50", "15.00"]}, tenant=shop_a.tenant)
    english = client_a.get(reverse("audit:log")).text
    assert "status: — → connected" in english and "price: 12.50 → 15.00" in english
    french = client_a.get(reverse("audit:log"), HTTP_ACCEPT_LANGUAGE="fr").text
    assert "statut\u00a0: — → connecté" in french and "prix\u00a0: 12,50 → 15,00" in french
