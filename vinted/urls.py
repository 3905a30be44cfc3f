"""Pages of the vinted app."""

from django.urls import include, path

from . import extension_views, views
from .automation import views as automation
from .publishing import views as publishing
from .publishing import views_jobs as jobs
from .publishing import views_update

app_name = "vinted"

urlpatterns = [
    path("accounts/", views.accounts, name="accounts"),
    path("accounts/pricing/", views.pricing_rule, name="pricing"),
    path("accounts/sandbox/", views.connect_sandbox, name="connect_sandbox"),
    path("accounts/<uuid:public_id>/disconnect/", views.disconnect, name="disconnect"),
    path("accounts/<uuid:public_id>/automation/", automation.rules, name="rules"),
    path("automation/<uuid:public_id>/", automation.rule_detail, name="rule"),
    path("automation/<uuid:public_id>/delete/", automation.rule_delete, name="rule_delete"),
    path("automation/runs/<uuid:public_id>/<str:decision>/", automation.run_decide, name="run_decide"),
    path("extension/", include(extension_views)),  # the browser extension's pairing page
    path("publish/", publishing.publish, name="publish"),
    path("publish/progress/", publishing.publish_progress, name="publish_progress"),
    path("update/", views_update.update_listings, name="update_listings"),
    path("jobs/<uuid:public_id>/", jobs.job_detail, name="job"),
    path("jobs/<uuid:public_id>/progress/", publishing.job_progress, name="job_progress"),
    path("jobs/<uuid:public_id>/retry/", jobs.job_retry, name="job_retry"),
    path("jobs/<uuid:public_id>/cancel/", jobs.job_cancel, name="job_cancel"),
    path("queue/", jobs.current_queue, name="queue_current"),
    path("accounts/<uuid:public_id>/queue/", jobs.queue, name="queue"),
    path("accounts/<uuid:public_id>/sync/", jobs.account_sync, name="account_sync"),
    path("products/<uuid:public_id>/<str:action>/", jobs.listing_action, name="listing_action"),
]
