"""Pages of the ai app."""

from django.urls import path

from . import views

app_name = "ai"

urlpatterns = [
    path("", views.usage, name="usage"),
    path("products/<uuid:product_id>/", views.product_writer, name="product"),
    path("products/<uuid:product_id>/generate/", views.generate, name="generate"),
    path("generations/<uuid:public_id>/", views.generation_status, name="generation"),
    path("generations/<uuid:public_id>/accept/", views.accept, name="accept"),
    path("batches/<uuid:batch_id>/", views.batch, name="batch"),
    path("batches/<uuid:batch_id>/save/", views.batch_accept, name="batch_accept"),
]
