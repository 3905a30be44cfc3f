"""Pages of the ai app."""

from django.urls import path

from . import views, views_photos

app_name = "ai"

urlpatterns = [
    path("", views.usage, name="usage"),
    path("products/<uuid:product_id>/", views.product_writer, name="product"),
    path("products/<uuid:product_id>/generate/", views.generate, name="generate"),
    path("generations/<uuid:public_id>/", views.generation_status, name="generation"),
    path("generations/<uuid:public_id>/accept/", views.accept, name="accept"),
    path("batches/<uuid:batch_id>/", views.batch, name="batch"),
    path("batches/<uuid:batch_id>/save/", views.batch_accept, name="batch_accept"),
    path("photos/", views_photos.photos_new, name="photos_new"),
    path("photos/<uuid:draft_id>/", views_photos.photo_draft, name="photo_draft"),
    path("photos/<uuid:draft_id>/photo/<int:number>/", views_photos.photo_draft_photo, name="photo_draft_photo"),
    path("photos/<uuid:draft_id>/discard/", views_photos.photo_draft_discard, name="photo_draft_discard"),
]
