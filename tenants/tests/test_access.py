import pytest
from django.urls import reverse

from tenants import services
from tenants.models import ActAsAudit, Membership
from tests.factories import UserFactory, add_member

pytestmark = pytest.mark.django_db


def test_request_runs_in_the_users_shop_schema(client_a, shop_a):
    response = client_a.get(reverse("dashboard"))
    assert response.wsgi_request.tenant == shop_a.tenant


def test_shop_cannot_be_chosen_by_a_header_or_query_string(client_a, shop_a, shop_b):
    response = client_a.get(
        reverse("dashboard") + f"?tenant={shop_b.tenant.public_id}",
        HTTP_X_TENANT=str(shop_b.tenant.public_id),
        HTTP_HOST="testserver",
    )
    assert response.wsgi_request.tenant == shop_a.tenant


def test_switch_to_a_shop_the_user_belongs_to_changes_the_schema(client, shop_a, shop_b):
    user = add_member(shop_a, Membership.Role.MEMBER)
    Membership.objects.create(user=user, tenant=shop_b.tenant, role=Membership.Role.ADMIN)
    client.force_login(user)
    assert client.get(reverse("dashboard")).wsgi_request.tenant == shop_a.tenant
    client.post(reverse("tenants:switch"), {"tenant": str(shop_b.tenant.public_id)})
    assert client.get(reverse("dashboard")).wsgi_request.tenant == shop_b.tenant


def test_switch_to_a_shop_without_membership_is_refused(client_a, shop_a, shop_b):
    client_a.post(reverse("tenants:switch"), {"tenant": str(shop_b.tenant.public_id)})
    assert client_a.get(reverse("dashboard")).wsgi_request.tenant == shop_a.tenant


def test_removed_membership_loses_the_shop_on_the_next_request(client, shop_a):
    user = add_member(shop_a, Membership.Role.MEMBER)
    client.force_login(user)
    assert client.get(reverse("dashboard")).status_code == 200
    Membership.objects.filter(user=user).delete()
    assert client.get(reverse("dashboard")).url == reverse("tenants:no_shop")


def test_viewer_can_look_but_a_post_is_refused(client, shop_a):
    viewer = add_member(shop_a, Membership.Role.VIEWER)
    client.force_login(viewer)
    assert client.get(reverse("tenants:api_tokens")).status_code == 200
    response = client.post(reverse("tenants:api_tokens"), {"name": "script"})
    assert response.status_code == 403
    assert "look, not change" in response.content.decode()


def test_member_cannot_manage_the_team_but_owner_can(client, shop_a):
    member = add_member(shop_a, Membership.Role.MEMBER)
    client.force_login(member)
    assert client.post(reverse("tenants:team"), {"email": "x@example.com", "role": "member"}).status_code == 403
    client.force_login(shop_a.owner)
    assert client.post(reverse("tenants:team"), {"email": "x@example.com", "role": "member"}).status_code == 302
    assert Membership.objects.filter(tenant=shop_a.tenant, user__email="x@example.com").exists()


def test_team_add_with_bad_email_shows_a_field_error(client_a):
    response = client_a.post(reverse("tenants:team"), {"email": "nope", "role": "member"})
    assert response.status_code == 200 and "email" in response.context["form"].errors


def test_last_owner_cannot_be_removed_or_demoted(shop_a):
    with pytest.raises(services.TeamError):
        services.remove_member(shop_a.membership, shop_a.membership)
    with pytest.raises(services.TeamError):
        services.change_role(shop_a.membership, shop_a.membership, Membership.Role.VIEWER)


def test_suspended_shop_shows_a_notice_instead_of_the_dashboard(client_a, shop_a):
    services.suspend(shop_a.tenant, reason="unpaid")
    response = client_a.get(reverse("dashboard"))
    assert response.status_code == 403
    assert "suspended" in response.content.decode()
    services.reactivate(shop_a.tenant)
    assert client_a.get(reverse("dashboard")).status_code == 200


def _staff_with_act_as():
    from django.contrib.auth.models import Permission

    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="act_as_tenant"))
    return staff


def test_staff_act_as_shows_the_shop_with_a_banner_and_audits_every_request(client, shop_a):
    client.force_login(_staff_with_act_as())
    client.post(reverse("tenants:act_as_start", args=[shop_a.tenant.pk]))
    response = client.get(reverse("dashboard"))
    assert response.wsgi_request.tenant == shop_a.tenant
    assert "You are acting as" in response.content.decode()
    assert ActAsAudit.objects.filter(tenant=shop_a.tenant, path=reverse("dashboard")).exists()


def test_staff_act_as_is_read_only(client, shop_a):
    client.force_login(_staff_with_act_as())
    client.post(reverse("tenants:act_as_start", args=[shop_a.tenant.pk]))
    assert client.post(reverse("tenants:api_tokens"), {"name": "x"}).status_code == 403


def test_act_as_without_the_permission_is_refused(client, shop_a):
    client.force_login(UserFactory(is_staff=True))
    assert client.post(reverse("tenants:act_as_start", args=[shop_a.tenant.pk])).status_code == 403


def test_act_as_ends_when_it_expires(client, shop_a, settings):
    settings.ACT_AS_MINUTES = -1
    client.force_login(_staff_with_act_as())
    client.post(reverse("tenants:act_as_start", args=[shop_a.tenant.pk]))
    assert client.get(reverse("dashboard")).url == reverse("tenants:no_shop")
