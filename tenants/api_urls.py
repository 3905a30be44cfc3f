from django.urls import path

from . import api

urlpatterns = [
    path("me/", api.CurrentShopView.as_view(), name="api-me"),
]
