"""Pages of the ratelimit app (mounted at /limits/)."""

from django.urls import path

from . import views

app_name = "ratelimit"

urlpatterns = [
    path("<slug:source>/<str:ref>/badge/", views.badge, name="badge"),
]
