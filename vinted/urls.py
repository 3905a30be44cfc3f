"""Pages of the vinted app."""
from django.urls import include, path

from . import extension_views, views

app_name = "vinted"

urlpatterns = [
    path("accounts/", views.accounts, name="accounts"),
    path("accounts/pricing/", views.pricing_rule, name="pricing"),
    path("accounts/sandbox/", views.connect_sandbox, name="connect_sandbox"),
    path("accounts/<uuid:public_id>/disconnect/", views.disconnect, name="disconnect"),
    path("extension/", include(extension_views)),  # the browser extension's pairing page
]
