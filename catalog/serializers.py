"""API shapes of products and the taxonomy."""

import uuid

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import relations, serializers

from . import selectors
from .models import DESCRIPTION_MAX, MAX_COLOURS, MAX_MATERIALS, TITLE_MAX, Product, ProductPhoto
from .taxonomy.models import Brand, Category, Colour, Condition, Material, PackageSize, Size


class PhotoSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    url = serializers.SerializerMethodField()
    thumbnail_url = serializers.SerializerMethodField()

    class Meta:
        model = ProductPhoto
        fields = ["id", "position", "width", "height", "url", "thumbnail_url"]

    def _url(self, photo, variant):
        path = reverse("catalog:photo", kwargs={"photo_id": photo.public_id, "variant": variant})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path

    @extend_schema_field(serializers.URLField())
    def get_url(self, photo) -> str:
        return self._url(photo, "full")

    @extend_schema_field(serializers.URLField())
    def get_thumbnail_url(self, photo) -> str:
        return self._url(photo, "thumb")


_PLACEHOLDER = uuid.UUID(int=0)


def photo_url_maker(request, variant: str):
    """photo public id -> the URL PhotoSerializer gives, from one reverse() and absolute URI."""
    path = reverse("catalog:photo", kwargs={"photo_id": _PLACEHOLDER, "variant": variant})
    head, tail = (request.build_absolute_uri(path) if request else path).split(str(_PLACEHOLDER))
    return lambda public_id: f"{head}{public_id}{tail}"


class ProductListSerializer(serializers.ListSerializer):
    """Many products (the API list) as the child serializer would give them, without DRF's
    per-field, per-row machinery: 50 rows x 29 fields, a nested serializer and two reverse() per
    photo were most of the list's time. Fields it has no shortcut for take the regular path, so
    a field added to ProductSerializer still comes out right (a test compares with the detail)."""

    def to_representation(self, data):
        products = list(data.all() if hasattr(data, "all") else data)
        child = self.child
        request = child.context.get("request")
        related = selectors.list_relations([product.pk for product in products])
        readers = [
            (name, self._reader(name, field, request, related))
            for name, field in child.fields.items()
            if not field.write_only
        ]
        return [{name: read(product) for name, read in readers} for product in products]

    def _reader(self, name, field, request, related):
        if name == "currency":
            currency = self.child.get_currency(None)
            return lambda product: currency
        if name == "photos":
            full, thumb = photo_url_maker(request, "full"), photo_url_maker(request, "thumb")
            photos = related["photos"]
            return lambda product: [
                {
                    "id": str(public_id),
                    "position": position,
                    "width": width,
                    "height": height,
                    "url": full(public_id),
                    "thumbnail_url": thumb(public_id),
                }
                for public_id, position, width, height in photos.get(product.pk, ())
            ]
        if name in ("colours", "materials"):
            ids = related[name]
            return lambda product: ids.get(product.pk, [])
        if isinstance(field, relations.PrimaryKeyRelatedField) and field.pk_field is None:
            attname = Product._meta.get_field(field.source).attname
            return lambda product: getattr(product, attname)
        if (
            isinstance(
                field,
                (
                    serializers.BaseSerializer,
                    serializers.SerializerMethodField,
                    relations.RelatedField,
                    relations.ManyRelatedField,
                ),
            )
            or "." in field.source
        ):

            def regular(product):
                attribute = field.get_attribute(product)
                return None if attribute is None else field.to_representation(attribute)

            return regular
        source, represent = field.source, field.to_representation
        return lambda product: None if (value := getattr(product, source)) is None else represent(value)


def _active(model):
    return model.objects.filter(is_active=True)


class ProductSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    title = serializers.CharField(max_length=TITLE_MAX)
    description = serializers.CharField(max_length=DESCRIPTION_MAX, required=False, allow_blank=True)
    brand = serializers.PrimaryKeyRelatedField(
        queryset=_active(Brand),
        required=False,
        allow_null=True,
        help_text="Taxonomy brand id; or give brand_name only.",
    )
    brand_name = serializers.CharField(
        max_length=120,
        required=False,
        allow_blank=True,
        help_text="A name not in the taxonomy is kept and flagged unmapped.",
    )
    brand_unmapped = serializers.BooleanField(read_only=True)
    category = serializers.PrimaryKeyRelatedField(
        queryset=_active(Category).filter(is_leaf=True),
        required=False,
        allow_null=True,
        help_text="A leaf category id (GET /taxonomy/).",
    )
    size = serializers.PrimaryKeyRelatedField(queryset=_active(Size), required=False, allow_null=True)
    condition = serializers.PrimaryKeyRelatedField(queryset=_active(Condition), required=False, allow_null=True)
    package_size = serializers.PrimaryKeyRelatedField(queryset=_active(PackageSize), required=False, allow_null=True)
    colours = serializers.PrimaryKeyRelatedField(
        queryset=_active(Colour), many=True, required=False, help_text=f"At most {MAX_COLOURS}."
    )
    materials = serializers.PrimaryKeyRelatedField(
        queryset=_active(Material), many=True, required=False, help_text=f"At most {MAX_MATERIALS}."
    )
    tags = serializers.ListField(child=serializers.CharField(max_length=40), required=False)
    currency = serializers.SerializerMethodField()
    photos = PhotoSerializer(many=True, read_only=True)

    class Meta:
        model = Product
        fields = [
            "id",
            "sku",
            "title",
            "description",
            "price",
            "cost_price",
            "currency",
            "stock",
            "brand",
            "brand_name",
            "brand_unmapped",
            "category",
            "size",
            "condition",
            "colours",
            "materials",
            "gender",
            "is_unisex",
            "package_size",
            "length_cm",
            "width_cm",
            "seller_notes",
            "private_notes",
            "tags",
            "status",
            "photos",
            "created_at",
            "updated_at",
            "listed_at",
            "sold_at",
        ]
        read_only_fields = ["created_at", "updated_at", "listed_at", "sold_at"]
        list_serializer_class = ProductListSerializer

    def get_currency(self, product) -> str:
        request = self.context.get("request")
        tenant = getattr(getattr(request, "_request", request), "tenant", None)
        return getattr(tenant, "currency", "EUR")

    def validate_colours(self, value):
        if len(value) > MAX_COLOURS:
            raise serializers.ValidationError(f"At most {MAX_COLOURS} colours.")
        return value

    def validate_materials(self, value):
        if len(value) > MAX_MATERIALS:
            raise serializers.ValidationError(f"At most {MAX_MATERIALS} materials.")
        return value


class PhotoUploadSerializer(serializers.Serializer):
    photos = serializers.ListField(
        child=serializers.FileField(),
        min_length=1,
        max_length=20,
        help_text="One or more image files (JPEG, PNG, WebP, HEIC).",
    )


class TaxonomyValueSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name_en = serializers.CharField()
    name_fr = serializers.CharField()
    external_ids = serializers.DictField(child=serializers.IntegerField())


class CategorySerializer(TaxonomyValueSerializer):
    parent = serializers.IntegerField(source="parent_id", allow_null=True)
    is_leaf = serializers.BooleanField()
    size_groups = serializers.SerializerMethodField()

    def get_size_groups(self, category) -> list[int]:
        return [group.pk for group in category.size_groups.all()]


class SizeSerializer(TaxonomyValueSerializer):
    group = serializers.IntegerField(source="group_id")


class TaxonomySerializer(serializers.Serializer):
    categories = CategorySerializer(many=True)
    size_groups = TaxonomyValueSerializer(many=True)
    sizes = SizeSerializer(many=True)
    brands = TaxonomyValueSerializer(many=True)
    colours = TaxonomyValueSerializer(many=True)
    conditions = TaxonomyValueSerializer(many=True)
    materials = TaxonomyValueSerializer(many=True)
    package_sizes = TaxonomyValueSerializer(many=True)
