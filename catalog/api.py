"""REST endpoints for products, addressed by SKU. The shop comes from the token's membership."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from . import photos, selectors, services, trash
from .listing import filtered_products
from .pagination import ProductPagination
from .serializers import PhotoSerializer, PhotoUploadSerializer, ProductSerializer, TaxonomySerializer
from .shortcuts import get_product_by_sku_or_404
from .taxonomy.models import Brand, Category, Colour, Condition, Material, PackageSize, Size, SizeGroup

LIST_PARAMETERS = [
    OpenApiParameter("q", str, description="Full-text search in title, SKU, brand and description."),
    OpenApiParameter("status", str, enum=[*services.Product.Status.values, "deleted"]),
    OpenApiParameter("category", int, description="Category id (its sub-categories included)."),
    OpenApiParameter("brand", str, description='Brand id, or "unmapped".'),
    OpenApiParameter("condition", int),
    OpenApiParameter("has_photos", str, enum=["yes", "no"]),
    OpenApiParameter("sort", str, enum=list(selectors.SORTS)),
]


def _data(serializer) -> dict:
    data = dict(serializer.validated_data)
    if "brand" in data or "brand_name" in data:
        data.setdefault("brand", None)
        data.setdefault("brand_name", "")
    return data


class ProductList(generics.ListCreateAPIView):
    serializer_class = ProductSerializer
    pagination_class = ProductPagination

    def get_queryset(self):
        queryset, _filters = filtered_products(self.request)
        # Colours, materials and photos come with the page (ProductListSerializer), not per row.
        return queryset

    @extend_schema(parameters=LIST_PARAMETERS)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def perform_create(self, serializer):
        serializer.instance = services.create_product(self.request.tenant, _data(serializer))


class ProductDetail(generics.RetrieveUpdateDestroyAPIView):
    serializer_class = ProductSerializer
    lookup_field = "sku"

    def get_object(self):
        return get_product_by_sku_or_404(self.kwargs["sku"])

    def perform_update(self, serializer):
        services.update_product(serializer.instance, _data(serializer))

    def perform_destroy(self, instance):
        """Soft delete: the product can be restored from the deleted list."""
        trash.soft_delete(selectors.by_public_ids([instance.public_id]))


class ProductPhotos(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(request={"multipart/form-data": PhotoUploadSerializer}, responses={201: PhotoSerializer(many=True)})
    def post(self, request, sku):
        product = get_product_by_sku_or_404(sku)
        files = request.FILES.getlist("photos")
        if not files:
            raise ValidationError({"photos": ["Send one or more image files in the field 'photos'."]})
        added, errors = photos.add_photos(request.tenant, product, files)
        if errors:
            for photo in added:
                photos.delete_photo(photo)
            raise ValidationError({"photos": errors})
        return Response(
            PhotoSerializer(added, many=True, context={"request": request}).data, status=status.HTTP_201_CREATED
        )


class Taxonomy(APIView):
    """Every taxonomy value with its id, labels and marketplace ids, to fill product fields."""

    @extend_schema(responses=TaxonomySerializer)
    def get(self, request):
        data = {
            "categories": Category.objects.filter(is_active=True).prefetch_related("size_groups"),
            "size_groups": SizeGroup.objects.filter(is_active=True),
            "sizes": Size.objects.filter(is_active=True),
            "brands": Brand.objects.filter(is_active=True),
            "colours": Colour.objects.filter(is_active=True),
            "conditions": Condition.objects.filter(is_active=True),
            "materials": Material.objects.filter(is_active=True),
            "package_sizes": PackageSize.objects.filter(is_active=True),
        }
        return Response(TaxonomySerializer(data).data)
