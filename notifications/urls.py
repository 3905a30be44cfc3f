from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.settings_page, name="settings"),
    path("emails/", views.email_choices, name="email_choices"),
    path("webhooks/new/", views.endpoint_create, name="endpoint_create"),
    path("webhooks/<uuid:public_id>/", views.endpoint_detail, name="endpoint"),
    path("webhooks/<uuid:public_id>/test/", views.endpoint_test, name="endpoint_test"),
    path("webhooks/<uuid:public_id>/delete/", views.endpoint_delete, name="endpoint_delete"),
]
