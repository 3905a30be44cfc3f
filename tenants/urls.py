from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import views, views_team

app_name = "tenants"

_reset_done = reverse_lazy("tenants:password_reset_done")
_reset_complete = reverse_lazy("tenants:password_reset_complete")

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("signup/sent/", views.signup_sent, name="signup_sent"),
    path("signup/confirm/<uidb64>/<token>/", views.signup_confirm, name="signup_confirm"),
    path("login/", views.sign_in, name="login"),
    path("logout/", views.sign_out, name="logout"),
    path(
        "password/reset/",
        views.PasswordResetView.as_view(
            template_name="tenants/password_reset.html",
            success_url=_reset_done,
            email_template_name="tenants/email/password_reset.txt",
            subject_template_name="tenants/email/password_reset_subject.txt",
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="tenants/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="tenants/password_reset_confirm.html", success_url=_reset_complete
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(template_name="tenants/password_reset_complete.html"),
        name="password_reset_complete",
    ),
    path("password/change/", views.PasswordChange.as_view(), name="password_change"),
    path("settings/", views.account_settings, name="settings"),
    path("settings/shop/", views.shop_settings, name="settings_shop"),
    path("shops/none/", views.no_shop, name="no_shop"),
    path("shops/switch/", views.switch_shop, name="switch"),
    path("team/", views_team.team, name="team"),
    path("team/<uuid:public_id>/role/", views_team.team_role, name="team_role"),
    path("team/<uuid:public_id>/remove/", views_team.team_remove, name="team_remove"),
    path("invitations/<uuid:public_id>/", views_team.invitation, name="invitation"),
    path("team/<uuid:public_id>/transfer-ownership/", views_team.transfer_ownership, name="transfer_ownership"),
    path("settings/api-tokens/", views.api_tokens, name="api_tokens"),
    path("settings/api-tokens/<uuid:public_id>/revoke/", views.api_token_revoke, name="api_token_revoke"),
    path("settings/data/", views.shop_data, name="shop_data"),
    path("settings/data/exports/", views.shop_exports, name="shop_exports"),
    path("settings/data/exports/<uuid:public_id>/download/", views.shop_export_download, name="shop_export_download"),
    path("staff/act-as/<int:tenant_id>/", views.act_as_start, name="act_as_start"),
    path("staff/act-as/stop/", views.act_as_stop, name="act_as_stop"),
]
