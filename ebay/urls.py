"""Pages of the ebay app."""

from django.urls import path

from . import notification_views, views
from .publishing import views as publishing

app_name = "ebay"

urlpatterns = [
    path("accounts/", views.accounts, name="accounts"),
    path("accounts/connect/", views.connect, name="connect"),
    path("accounts/<uuid:public_id>/setup/", views.account_setup, name="setup"),
    path("accounts/<uuid:public_id>/disconnect/", views.disconnect, name="disconnect"),
    path("accounts/<uuid:public_id>/check-sales/", views.check_sales, name="check_sales"),
    # The RuName's accepted and declined URLs, registered with eBay: keep them stable.
    path("consent/accepted", views.consent_accepted, name="consent_accepted"),
    path("consent/declined", views.consent_declined, name="consent_declined"),
    path("products/<uuid:product_id>/publish/", publishing.publish, name="publish"),
    path("products/<uuid:product_id>/<str:action>/", publishing.listing_action, name="listing_action"),
    path("jobs/<uuid:public_id>/progress/", publishing.job_progress_fragment, name="job_progress"),
    path("jobs/<uuid:public_id>/retry/", publishing.job_retry, name="job_retry"),
    path("categories/", publishing.categories, name="categories"),
    path("categories/<int:pk>/", publishing.category_change, name="category_change"),
    path("pricing/", publishing.pricing, name="pricing"),
    # Registered with eBay for marketplace account deletion notifications (EBAY_DELETION_ENDPOINT).
    path("notifications/account-deletion", notification_views.account_deletion, name="account_deletion"),
]
