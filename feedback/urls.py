from django.urls import path

from feedback import views

urlpatterns = [
    path("d/<int:dossier_id>/dashboard/", views.dashboard_view, name="feedback_dashboard"),
    path("d/<int:dossier_id>/aged-balances/", views.aged_view, name="feedback_aged"),
    path(
        "d/<int:dossier_id>/counterparties/<int:counterparty_id>/statement/",
        views.statement_view,
        name="feedback_statement",
    ),
]
