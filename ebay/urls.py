"""Pages of the ebay app."""

from django.urls import path

from . import notification_views, views

app_name = "ebay"

urlpatterns = [
    path("accounts/", views.accounts, name="accounts"),
    path("accounts/connect/", views.connect, name="connect"),
    path("accounts/<uuid:public_id>/disconnect/", views.disconnect, name="disconnect"),
    path("accounts/<uuid:public_id>/check-sales/", views.check_sales, name="check_sales"),
    # The RuName's accepted and declined URLs, registered with eBay: keep them stable.
    path("consent/accepted", views.consent_accepted, name="consent_accepted"),
    path("consent/declined", views.consent_declined, name="consent_declined"),
    # Registered with eBay for marketplace account deletion notifications (EBAY_DELETION_ENDPOINT).
    path("notifications/account-deletion", notification_views.account_deletion, name="account_deletion"),
]
