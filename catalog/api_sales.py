"""REST endpoints of the sales ledger. The shop comes from the token's membership."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from . import sales, sales_report
from .forms import SaleFilterForm
from .models import SKU_MAX, PaymentMethod, Product, Sale

FILTER_PARAMETERS = [
    OpenApiParameter("start", str, description="First day, YYYY-MM-DD (shop time)."),
    OpenApiParameter("end", str, description="Last day, YYYY-MM-DD, included."),
    OpenApiParameter("channel", str, description='"manual" or a marketplace, e.g. "vinted".'),
    OpenApiParameter("account", str, description="A marketplace account's reference (account_ref)."),
    OpenApiParameter("category", int, description="Category id (its sub-categories included)."),
    OpenApiParameter("brand", str, description="Brand name, any case."),
    OpenApiParameter("cancelled", bool, description="Also list cancelled sales (totals never count them)."),
]


class SaleSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    sku = serializers.CharField(read_only=True)
    margin = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)

    class Meta:
        model = Sale
        fields = [
            "id",
            "sku",
            "quantity",
            "price",
            "currency",
            "cost_price",
            "shipping_cost",
            "fees",
            "margin",
            "sold_at",
            "channel",
            "account_ref",
            "account_label",
            "listing_ref",
            "buyer_ref",
            "payment_method",
            "cancelled_at",
        ]
        read_only_fields = [
            "quantity",
            "currency",
            "channel",
            "account_ref",
            "account_label",
            "listing_ref",
            "cancelled_at",
        ]


class ManualSaleSerializer(serializers.Serializer):
    sku = serializers.CharField(max_length=SKU_MAX)
    price = serializers.DecimalField(
        max_digits=10,
        decimal_places=2,
        min_value=0,
        required=False,
        allow_null=True,
        help_text="Per unit; the product's price when left out.",
    )
    quantity = serializers.IntegerField(min_value=1, max_value=100000, default=1)
    takedown = serializers.ChoiceField(choices=["hide", "delete", "keep"], default="hide")
    payment_method = serializers.ChoiceField(choices=PaymentMethod.choices, required=False, allow_blank=True)
    buyer_ref = serializers.CharField(max_length=200, required=False, allow_blank=True)
    shipping_cost = serializers.DecimalField(
        max_digits=10, decimal_places=2, min_value=0, required=False, allow_null=True
    )
    fees = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=0, required=False, allow_null=True)


def _filters(request):
    form = SaleFilterForm(request.query_params, channels=sales_report.channels(), accounts=sales_report.accounts())
    if not form.is_valid():
        raise ValidationError(
            {field: [e["message"] for e in errors] for field, errors in form.errors.get_json_data().items()}
        )
    return form.filters()


class SaleList(generics.ListCreateAPIView):
    """Sales, newest first, with the Sales page's filters; POST records a sale by hand."""

    serializer_class = SaleSerializer

    def get_queryset(self):
        return sales_report.filtered(_filters(self.request))

    @extend_schema(parameters=FILTER_PARAMETERS)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(request=ManualSaleSerializer, responses={201: SaleSerializer})
    def post(self, request, *args, **kwargs):
        incoming = ManualSaleSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        product = Product.objects.alive().filter(sku=data.pop("sku")).first()
        if product is None:
            raise ValidationError({"sku": ["No product has this SKU."]})
        sale = sales.sell_by_hand(
            product,
            price=data.pop("price", None),
            currency=request.tenant.currency,
            quantity=data.pop("quantity"),
            takedown=data.pop("takedown"),
            user=request.user,
            **data,
        )
        return Response(SaleSerializer(sale).data, status=status.HTTP_201_CREATED)


class SaleDetail(generics.RetrieveUpdateAPIView):
    """One sale; PUT/PATCH change the seller's details (price, cost, shipping, fees, date, buyer, payment)."""

    serializer_class = SaleSerializer

    def get_object(self):
        return sales_report.get_sale(self.kwargs["public_id"])

    def perform_update(self, serializer):
        changes = {k: v for k, v in serializer.validated_data.items() if k in sales.EDITABLE}
        serializer.instance = sales.update_sale(self.get_object(), changes)


class SaleCancel(APIView):
    """Cancel a sale (a return): its units go back into stock unless `restock` is false."""

    @extend_schema(
        request=inline_serializer("SaleCancel", {"restock": serializers.BooleanField(default=True)}),
        responses={200: SaleSerializer},
    )
    def post(self, request, public_id):
        sale = sales_report.get_sale(public_id)
        restock = request.data.get("restock", True)
        if restock not in (True, False, "true", "false", "1", "0"):
            raise ValidationError({"restock": ["Send true or false."]})
        sale = sales.cancel_sale(sale, restock=restock in (True, "true", "1"))
        return Response(SaleSerializer(sale).data)


class SaleTotals(APIView):
    """Totals per currency of the filtered sales (never added across currencies)."""

    @extend_schema(
        parameters=FILTER_PARAMETERS,
        responses=inline_serializer(
            "SaleTotals",
            {
                "currency": serializers.CharField(),
                "sales": serializers.IntegerField(),
                "units": serializers.IntegerField(),
                "revenue": serializers.DecimalField(max_digits=14, decimal_places=2),
                "cost": serializers.DecimalField(max_digits=14, decimal_places=2),
                "expenses": serializers.DecimalField(max_digits=14, decimal_places=2),
                "margin": serializers.DecimalField(max_digits=14, decimal_places=2),
                "days_to_sell": serializers.FloatField(allow_null=True),
            },
            many=True,
        ),
    )
    def get(self, request):
        rows = sales_report.totals(sales_report.filtered(_filters(request)))
        return Response(
            [{**row, **{k: f"{row[k]:.2f}" for k in ("revenue", "cost", "expenses", "margin")}} for row in rows]
        )
