"""REST API endpoints of the vinted app, mounted under /api/v1/."""

from django.urls import path

from . import api

urlpatterns = [
    path("vinted/session", api.SessionView.as_view(), name="vinted-session"),
    path("vinted/session/<uuid:public_id>", api.SessionDetailView.as_view(), name="vinted-session-detail"),
]
