"""REST API endpoints of the catalog app, mounted under /api/v1/."""

from django.urls import path

from . import api, api_sales

urlpatterns = [
    path("products/", api.ProductList.as_view(), name="api-products"),
    path("products/<str:sku>/", api.ProductDetail.as_view(), name="api-product"),
    path("products/<str:sku>/photos/", api.ProductPhotos.as_view(), name="api-product-photos"),
    path("sales/", api_sales.SaleList.as_view(), name="api-sales"),
    path("sales/totals/", api_sales.SaleTotals.as_view(), name="api-sales-totals"),
    path("sales/<uuid:public_id>/", api_sales.SaleDetail.as_view(), name="api-sale"),
    path("sales/<uuid:public_id>/cancel/", api_sales.SaleCancel.as_view(), name="api-sale-cancel"),
    path("taxonomy/", api.Taxonomy.as_view(), name="api-taxonomy"),
]
