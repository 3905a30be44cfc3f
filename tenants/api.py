from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from . import quotas


class CurrentShopSerializer(serializers.Serializer):
    shop = serializers.CharField()
    shop_id = serializers.UUIDField()
    role = serializers.CharField()
    plan = serializers.CharField(allow_null=True)
    product_limit = serializers.IntegerField(allow_null=True)
    ai_credits_left = serializers.IntegerField()


class CurrentShopView(APIView):
    """The shop and role the caller's credentials resolve to."""

    @extend_schema(responses=CurrentShopSerializer)
    def get(self, request):
        tenant_access = request.tenant_access
        tenant = tenant_access.tenant
        return Response(
            CurrentShopSerializer(
                {
                    "shop": tenant.name,
                    "shop_id": tenant.public_id,
                    "role": tenant_access.role,
                    "plan": tenant.tier.code if tenant.tier_id else None,
                    "product_limit": quotas.product_limit(tenant),
                    "ai_credits_left": quotas.ai_credits_left(tenant),
                }
            ).data
        )
