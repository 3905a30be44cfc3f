from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from tenants import views as tenant_views

from .health import health

urlpatterns = [
    path("", tenant_views.landing, name="landing"),
    path("dashboard/", tenant_views.dashboard, name="dashboard"),
    path("health/", health, name="health"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("tenants.urls")),
    path("catalog/", include("catalog.urls")),
    path("vinted/", include("vinted.urls")),
    path("ai/", include("ai.urls")),
    path("notifications/", include("notifications.urls")),
    path("limits/", include("ratelimit.urls")),
    path("api/v1/", include("tenants.api_urls")),
    path("api/v1/", include("catalog.api_urls")),
    path("api/v1/", include("vinted.api_urls")),
    path("api/v1/", include("ai.api_urls")),
    path("api/v1/", include("ratelimit.api_urls")),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/v1/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]

if settings.DEBUG or settings.TESTING:
    urlpatterns.append(path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT}, name="media"))
