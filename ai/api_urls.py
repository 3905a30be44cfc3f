"""REST API endpoints of the ai app, mounted under /api/v1/."""

from django.urls import path

from . import api

urlpatterns = [
    path("ai/generations/", api.GenerationList.as_view(), name="api-ai-generations"),
    path("ai/generations/<uuid:public_id>/", api.GenerationDetail.as_view(), name="api-ai-generation"),
]
