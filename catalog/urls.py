"""Pages of the catalog app."""

from django.urls import path

from . import views, views_csv, views_photos, views_sales

app_name = "catalog"

urlpatterns = [
    path("", views.product_list, name="list"),
    path("new/", views.product_create, name="create"),
    path("bulk/", views.bulk, name="bulk"),
    path("export.csv", views_csv.export_csv, name="export"),
    path("import/", views_csv.import_csv, name="import"),
    path("import/<uuid:public_id>/", views_csv.import_run, name="import_run"),
    path("import/template.csv", views_csv.template_csv, name="import_template"),
    path("sales/", views_sales.sales_page, name="sales"),
    path("sales/new/", views_sales.sale_new, name="sale_new"),
    path("sales/export.csv", views_sales.sales_export, name="sales_export"),
    path("sales/<uuid:public_id>/edit/", views_sales.sale_edit, name="sale_edit"),
    path("sales/<uuid:public_id>/cancel/", views_sales.sale_cancel, name="sale_cancel"),
    path("delist/<uuid:public_id>/dismiss/", views.delist_dismiss, name="delist_dismiss"),
    path("brands/", views.brand_options, name="brand_options"),
    path("sizes/", views.size_options, name="size_options"),
    path("price-suggestion/", views.price_suggestion, name="price_suggestion"),
    path("categories/", views.category_search, name="category_search"),
    path("category-fields/", views.category_fields, name="category_fields"),
    path("<uuid:public_id>/", views.product_detail, name="detail"),
    path("<uuid:public_id>/edit/", views.product_edit, name="edit"),
    path("<uuid:public_id>/sell/", views.product_sell, name="sell"),
    path("<uuid:public_id>/duplicate/", views.product_duplicate, name="duplicate"),
    path("<uuid:public_id>/delete/", views.product_delete, name="delete"),
    path("<uuid:public_id>/restore/", views.product_restore, name="restore"),
    path("<uuid:public_id>/purge/", views.product_purge, name="purge"),
    path("deleted/purge/", views.purge_deleted, name="purge_deleted"),
    path("deleted/emptying/<str:run_id>/", views.emptying_state, name="emptying"),
    path("<uuid:public_id>/photos/", views_photos.photo_upload, name="photo_upload"),
    path("<uuid:public_id>/photo-uploads/", views_photos.photo_uploads, name="photo_uploads"),
    path("photo-uploads/<uuid:upload_id>/retry/", views_photos.photo_upload_retry, name="photo_upload_retry"),
    path("photo-uploads/<uuid:upload_id>/delete/", views_photos.photo_upload_delete, name="photo_upload_delete"),
    path("photos/<uuid:photo_id>/delete/", views_photos.photo_delete, name="photo_delete"),
    path("photos/<uuid:photo_id>/move/", views_photos.photo_move, name="photo_move"),
    path("photos/<uuid:photo_id>/<str:variant>.jpg", views_photos.photo_file, name="photo"),
]
