from tenants import tokens
from tenants.models import Invitation, Membership
from tests.factories import add_member
from tests.isolation import (
    IsolationCase,
    ShopPageCase,
    register,
    register_shop_pages,
)


def _member_of_a(shop_a):
    user = add_member(shop_a, Membership.Role.MEMBER)
    return {"public_id": Membership.objects.get(user=user).public_id}


def _invitation_from_a(shop_a):
    invitation = Invitation.objects.create(
        tenant=shop_a.tenant, email="invited-to-a@example.com", role=Membership.Role.MEMBER
    )
    return {"public_id": invitation.public_id}


def _token_of_a(shop_a):
    token, _key = tokens.create(shop_a.membership, "a's token")
    return {"public_id": token.public_id}


register(
    IsolationCase("tenants:team_role", _member_of_a, methods=("POST",), data={"role": "viewer"}),
    IsolationCase("tenants:team_remove", _member_of_a, methods=("POST",)),
    IsolationCase(
        "tenants:transfer_ownership", _member_of_a, methods=("GET", "POST"), data={"password": "correct-horse-battery"}
    ),
    IsolationCase("tenants:api_token_revoke", _token_of_a, methods=("POST",)),
    IsolationCase("tenants:invitation", _invitation_from_a, methods=("GET", "POST"), data={"answer": "accept"}),
)


def _shop_a_keeps_its_name(shop_a):
    from tenants.models import Tenant

    return Tenant.objects.get(pk=shop_a.tenant.pk).name == shop_a.tenant.name


def _shop_a_owner_keeps_their_profile(shop_a):
    from tenants.models import User

    owner = User.objects.get(pk=shop_a.owner.pk)
    return (owner.email, owner.first_name) == (shop_a.owner.email, shop_a.owner.first_name)


register_shop_pages(
    ShopPageCase("tenants:settings_shop", {"name": "Taken over"}, _shop_a_keeps_its_name),
    ShopPageCase(
        "tenants:settings",
        {"first_name": "Mallory", "email": "owner-b@example.com", "language": "en"},
        _shop_a_owner_keeps_their_profile,
    ),
)


def _export_of_a(shop_a):
    from django.db import connection

    from tenants.models import ShopExport

    connection.set_schema_to_public()
    export = ShopExport.objects.create(tenant=shop_a.tenant, status=ShopExport.Status.READY, file="exports/none.zip")
    return {"public_id": export.public_id}


register(IsolationCase("tenants:shop_export_download", _export_of_a))
