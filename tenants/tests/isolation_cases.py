from tenants import tokens
from tenants.models import Membership
from tests.factories import add_member
from tests.isolation import IsolationCase, register


def _member_of_a(shop_a):
    user = add_member(shop_a, Membership.Role.MEMBER)
    return {"public_id": Membership.objects.get(user=user).public_id}


def _token_of_a(shop_a):
    token, _key = tokens.create(shop_a.membership, "a's token")
    return {"public_id": token.public_id}


register(
    IsolationCase("tenants:team_role", _member_of_a, methods=("POST",), data={"role": "viewer"}),
    IsolationCase("tenants:team_remove", _member_of_a, methods=("POST",)),
    IsolationCase("tenants:api_token_revoke", _token_of_a, methods=("POST",)),
)


def _export_of_a(shop_a):
    from django.db import connection

    from tenants.models import ShopExport
    connection.set_schema_to_public()
    export = ShopExport.objects.create(tenant=shop_a.tenant, status=ShopExport.Status.READY, file="exports/none.zip")
    return {"public_id": export.public_id}


register(IsolationCase("tenants:shop_export_download", _export_of_a))
