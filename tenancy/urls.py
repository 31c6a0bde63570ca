from django.urls import path

from tenancy import views_account, views_auth, views_dossier, views_office

urlpatterns = [
    path("", views_dossier.home_view, name="home"),
    path("accounts/login/", views_auth.login_view, name="login"),
    path("accounts/login/code/", views_auth.login_2fa_view, name="login_2fa"),
    path("accounts/logout/", views_auth.logout_view, name="logout"),
    path(
        "accounts/invitation/<str:token>/",
        views_auth.invitation_accept_view,
        name="invitation_accept",
    ),
    path("accounts/password-reset/", views_auth.password_reset, name="password_reset"),
    path(
        "accounts/password-reset/sent/", views_auth.password_reset_done, name="password_reset_done"
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        views_auth.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/", views_auth.password_reset_complete, name="password_reset_complete"
    ),
    path("accounts/language/", views_account.language_set_view, name="language_set"),
    path("accounts/profile/", views_account.profile_view, name="profile"),
    path("accounts/security/", views_account.security_view, name="security"),
    path("accounts/tokens/", views_account.tokens_view, name="tokens"),
    path(
        "accounts/tokens/<int:token_id>/revoke/",
        views_account.token_revoke_view,
        name="token_revoke",
    ),
    path("d/<int:dossier_id>/", views_dossier.dossier_home_view, name="dossier_home"),
    path("d/<int:dossier_id>/users/", views_dossier.dossier_users_view, name="dossier_users"),
    path(
        "d/<int:dossier_id>/users/<int:membership_id>/profile/",
        views_dossier.dossier_user_update_view,
        name="dossier_user_update",
    ),
    path(
        "d/<int:dossier_id>/users/<int:membership_id>/remove/",
        views_dossier.dossier_user_remove_view,
        name="dossier_user_remove",
    ),
    path(
        "d/<int:dossier_id>/invitations/<int:invitation_id>/revoke/",
        views_dossier.dossier_invitation_revoke_view,
        name="dossier_invitation_revoke",
    ),
    path(
        "d/<int:dossier_id>/settings/", views_dossier.dossier_settings_view, name="dossier_settings"
    ),
    path("office/dossiers/", views_office.office_dossiers_view, name="office_dossiers"),
    path(
        "office/access-requests/<int:request_id>/",
        views_office.access_request_decide_view,
        name="access_request_decide",
    ),
    path("office/dossiers/new/", views_office.dossier_create_view, name="dossier_create"),
    path("office/groups/", views_office.office_groups_view, name="office_groups"),
    path(
        "office/collaborators/", views_office.office_collaborators_view, name="office_collaborators"
    ),
    path("office/branding/", views_office.office_branding_view, name="office_branding"),
    path("branding/<int:office_id>.css", views_office.branding_css_view, name="branding_css"),
    path("branding/<int:office_id>/logo", views_office.branding_logo_view, name="branding_logo"),
]
