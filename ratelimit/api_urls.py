"""REST API endpoints of the ratelimit app, mounted under /api/v1/."""

from django.urls import path

from . import api

urlpatterns = [
    path("limits/<slug:source>/<str:ref>/", api.BudgetView.as_view(), name="api-limits-budget"),
]
