from django.urls import path

from office import views, views_checks

urlpatterns = [
    path("office/", views.monitor_view, name="office_monitor"),
    path("office/monitor/columns/", views.monitor_columns_view, name="office_monitor_columns"),
    path("office/release/", views.release_queue_view, name="office_release"),
    path("office/release/<int:release_id>/", views.release_view, name="office_release_do"),
    path("d/<int:dossier_id>/office/checks/", views.checks_view, name="office_checks"),
    path(
        "office/proposals/<int:proposal_id>/lookup/",
        views_checks.lookup_proposal_view,
        name="office_lookup_proposal",
    ),
    path(
        "d/<int:dossier_id>/office/numbering/", views_checks.numbering_view, name="office_numbering"
    ),
    path(
        "d/<int:dossier_id>/office/lookup/counterparty/",
        views_checks.counterparty_lookup_view,
        name="office_counterparty_lookup",
    ),
]

# I3: the dossier activation checklist.
from office import views_activation  # noqa: E402

urlpatterns += [
    path(
        "d/<int:dossier_id>/office/checklist/",
        views_activation.checklist_view,
        name="office_checklist",
    ),
]

# C13: the misc worklist.
from office import views_misc  # noqa: E402

urlpatterns += [
    path("office/misc/", views_misc.misc_queue_view, name="office_misc"),
    path("office/misc/<int:document_id>/", views_misc.misc_file_view, name="office_misc_file"),
]

# I4 (clients' activity) and I5 (help, release notes, feedback).
from office import views_help  # noqa: E402

urlpatterns += [
    path("office/activity/", views_help.activity_view, name="office_activity"),
    path("help/", views_help.help_view, name="office_help"),
    path("help/feedback/", views_help.feedback_view, name="office_feedback"),
    path("help/<slug:module>/", views_help.help_view, name="office_help_module"),
    path("help/<slug:module>/seen/", views_help.help_seen_view, name="office_help_seen"),
]

# I2: the office settings.
from office import views_settings  # noqa: E402

S = "office/settings/"
urlpatterns += [
    path(S, views_settings.general_view, name="office_settings"),
    path(S + "branding/", views_settings.branding_view, name="office_settings_branding"),
    path(
        S + "collaborators/",
        views_settings.collaborators_view,
        name="office_settings_collaborators",
    ),
    path(
        S + "collaborators/<int:member_id>/",
        views_settings.collaborator_view,
        name="office_settings_collaborator",
    ),
    path(
        S + "collaborators/<int:member_id>/remove/",
        views_settings.collaborator_remove_view,
        name="office_settings_collaborator_remove",
    ),
    path(
        S + "invitations/<int:invitation_id>/resend/",
        views_settings.invitation_resend_view,
        name="office_settings_invitation_resend",
    ),
    path(
        S + "invitations/<int:invitation_id>/withdraw/",
        views_settings.invitation_withdraw_view,
        name="office_settings_invitation_withdraw",
    ),
    path(S + "journals/", views_settings.journals_view, name="office_settings_journals"),
    path(S + "vat-codes/", views_settings.vat_view, name="office_settings_vat"),
    path(S + "help/", views_settings.help_settings_view, name="office_settings_help"),
]

# I3/A3: dossier activation, a guided flow (pick, configure, activate).
from office import views_configure  # noqa: E402

urlpatterns += [
    path("office/activation/", views_configure.activation_list_view, name="office_activation"),
    path(
        "office/activation/<int:dossier_id>/",
        views_configure.configure_view,
        name="office_activation_configure",
    ),
]
