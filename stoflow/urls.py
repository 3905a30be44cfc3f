from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from tenants import views as tenant_views

from .health import health, health_details

urlpatterns = [
    path("", tenant_views.landing, name="landing"),
    path("dashboard/", tenant_views.dashboard, name="dashboard"),
    path("health/", health, name="health"),
    path("health/details/", health_details, name="health_details"),
    path("i18n/", include("django.conf.urls.i18n")),
    # Staff sign in through the seller sign-in and its per-account and per-IP throttle.
    path("admin/login/", tenant_views.admin_login, name="admin_login"),
    path("admin/", admin.site.urls),
    path("", include("tenants.urls")),
    path("audit/", include("audit.urls")),
    path("catalog/", include("catalog.urls")),
    path("vinted/", include("vinted.urls")),
    path("ebay/", include("ebay.urls")),
    path("ai/", include("ai.urls")),
    path("notifications/", include("notifications.urls")),
    path("limits/", include("ratelimit.urls")),
    path("api/v1/", include("tenants.api_urls")),
    path("api/v1/", include("catalog.api_urls")),
    path("api/v1/", include("vinted.api_urls")),
    path("api/v1/", include("ai.api_urls")),
    path("api/v1/", include("ratelimit.api_urls")),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves swagger-ui's start-up code as a script file: no inline script (CSP).
    path("api/v1/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]

# MEDIA_ROOT is never served by path, in any mode: photos go through catalog's shop-checked view.
