"""REST API endpoints of the catalog app, mounted under /api/v1/."""
from django.urls import path

from . import api

urlpatterns = [
    path("products/", api.ProductList.as_view(), name="api-products"),
    path("products/<str:sku>/", api.ProductDetail.as_view(), name="api-product"),
    path("products/<str:sku>/photos/", api.ProductPhotos.as_view(), name="api-product-photos"),
    path("taxonomy/", api.Taxonomy.as_view(), name="api-taxonomy"),
]
