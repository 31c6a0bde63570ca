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
]
