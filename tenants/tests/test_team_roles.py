"""Who may change whose role: only owners touch the owner role; admins manage members and viewers."""

import pytest
from django.urls import reverse

from tenants import services
from tenants.models import Membership
from tests.factories import PASSWORD, add_member

pytestmark = pytest.mark.django_db


def _membership(user):
    return Membership.objects.get(user=user)


def test_admin_giving_themself_the_owner_role_is_refused(client, shop_a):
    admin = add_member(shop_a, Membership.Role.ADMIN)
    client.force_login(admin)
    client.post(reverse("tenants:team_role", args=[_membership(admin).public_id]), {"role": "owner"})
    assert _membership(admin).role == Membership.Role.ADMIN


def test_admin_demoting_or_removing_the_owner_is_refused(client, shop_a):
    admin = add_member(shop_a, Membership.Role.ADMIN)
    add_member(shop_a, Membership.Role.OWNER)  # not the last owner: the refusal is about the role
    client.force_login(admin)
    client.post(reverse("tenants:team_role", args=[shop_a.membership.public_id]), {"role": "viewer"})
    client.post(reverse("tenants:team_remove", args=[shop_a.membership.public_id]))
    assert Membership.objects.get(pk=shop_a.membership.pk).role == Membership.Role.OWNER


def test_admin_changing_another_admin_is_refused(shop_a):
    admin = _membership(add_member(shop_a, Membership.Role.ADMIN))
    other = _membership(add_member(shop_a, Membership.Role.ADMIN))
    with pytest.raises(services.TeamError):
        services.change_role(admin, other, Membership.Role.VIEWER)
    with pytest.raises(services.TeamError):
        services.remove_member(admin, other)


def test_admin_adding_an_owner_or_admin_is_refused(client, shop_a):
    admin = add_member(shop_a, Membership.Role.ADMIN)
    client.force_login(admin)
    for role in ("owner", "admin"):
        response = client.post(reverse("tenants:team"), {"email": f"{role}-new@example.com", "role": role})
        assert response.status_code == 200 and "role" in response.context["form"].errors
    assert not Membership.objects.filter(tenant=shop_a.tenant, user__email__endswith="-new@example.com").exists()


def test_admin_manages_members_and_viewers(shop_a):
    admin = _membership(add_member(shop_a, Membership.Role.ADMIN))
    member = _membership(add_member(shop_a, Membership.Role.MEMBER))
    services.change_role(admin, member, Membership.Role.VIEWER)
    assert _membership(member.user).role == Membership.Role.VIEWER
    services.remove_member(admin, member)
    assert not Membership.objects.filter(pk=member.pk).exists()


def test_admin_may_leave_the_shop(shop_a):
    admin = _membership(add_member(shop_a, Membership.Role.ADMIN))
    services.remove_member(admin, admin)
    assert not Membership.objects.filter(pk=admin.pk).exists()


def test_owner_grants_and_removes_the_owner_role(shop_a):
    member = _membership(add_member(shop_a, Membership.Role.MEMBER))
    services.change_role(shop_a.membership, member, Membership.Role.OWNER)
    services.change_role(shop_a.membership, member, Membership.Role.ADMIN)
    assert _membership(member.user).role == Membership.Role.ADMIN


def test_last_owner_cannot_leave_or_demote_themself(shop_a):
    with pytest.raises(services.TeamError):
        services.remove_member(shop_a.membership, shop_a.membership)
    with pytest.raises(services.TeamError):
        services.change_role(shop_a.membership, shop_a.membership, Membership.Role.ADMIN)


def test_ownership_transfer_needs_the_owners_password_then_swaps_the_roles(client_a, shop_a):
    admin = _membership(add_member(shop_a, Membership.Role.ADMIN))
    url = reverse("tenants:transfer_ownership", args=[admin.public_id])
    page = client_a.get(url)
    assert page.status_code == 200 and admin.user.email in page.content.decode()
    refused = client_a.post(url, {"password": "wrong"})
    assert refused.status_code == 200 and "password" in refused.context["form"].errors
    assert Membership.objects.get(pk=admin.pk).role == Membership.Role.ADMIN
    assert client_a.post(url, {"password": PASSWORD}).status_code == 302
    assert Membership.objects.get(pk=admin.pk).role == Membership.Role.OWNER
    assert Membership.objects.get(pk=shop_a.membership.pk).role == Membership.Role.ADMIN


def test_ownership_transfer_by_an_admin_is_refused(client, shop_a):
    admin = add_member(shop_a, Membership.Role.ADMIN)
    client.force_login(admin)
    url = reverse("tenants:transfer_ownership", args=[_membership(admin).public_id])
    assert client.post(url, {"password": PASSWORD}).status_code == 403
    assert _membership(admin).role == Membership.Role.ADMIN
