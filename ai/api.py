"""REST endpoints: ask for a generation, then poll it. The shop comes from the token's membership."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from . import catalog_adapter, services
from .errors import message_for
from .languages import LANGUAGES
from .models import Generation
from .options import LENGTHS, TONES, GenerationOptions
from .shortcuts import get_generation_or_404


class GenerationRequestSerializer(serializers.Serializer):
    product = serializers.UUIDField(required=False, help_text="The product's public id (or give its SKU).")
    sku = serializers.CharField(required=False, max_length=64)
    language = serializers.ChoiceField(choices=list(LANGUAGES), default="en")
    tone = serializers.ChoiceField(choices=list(TONES), default="friendly")
    length = serializers.ChoiceField(choices=list(LENGTHS), default="medium")

    def validate(self, data):
        if not data.get("product") and not data.get("sku"):
            raise ValidationError({"product": ["Give the product's id or its SKU."]})
        data["product_obj"] = (
            catalog_adapter.get_product(data["product"])
            if data.get("product")
            else catalog_adapter.get_product_by_sku(data["sku"])
        )
        if data["product_obj"] is None:
            raise ValidationError({"product" if data.get("product") else "sku": ["No such product in this shop."]})
        return data


class GenerationSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    product = serializers.UUIDField(source="product_public_id", read_only=True)
    description = serializers.CharField(source="full_description", read_only=True)
    error = serializers.SerializerMethodField()

    class Meta:
        model = Generation
        fields = [
            "id",
            "product",
            "status",
            "language",
            "tone",
            "length",
            "provider",
            "model",
            "cached",
            "title",
            "description",
            "hashtags",
            "error",
            "created_at",
            "finished_at",
        ]

    def get_error(self, obj) -> dict | None:
        if obj.status != Generation.Status.FAILED:
            return None
        return {"code": obj.error_code, "message": message_for(obj.error_code, obj.error_detail)}


class GenerationList(APIView):
    @extend_schema(request=GenerationRequestSerializer, responses={202: GenerationSerializer})
    def post(self, request):
        form = GenerationRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        generation = services.request_generation(
            catalog_adapter.facts_from_product(data["product_obj"]),
            GenerationOptions(language=data["language"], tone=data["tone"], length=data["length"]),
            user=request.user,
        )
        return Response(GenerationSerializer(generation).data, status=status.HTTP_202_ACCEPTED)


class GenerationDetail(APIView):
    @extend_schema(responses=GenerationSerializer)
    def get(self, request, public_id):
        return Response(GenerationSerializer(get_generation_or_404(public_id)).data)
