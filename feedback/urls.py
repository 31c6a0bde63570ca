from django.urls import path

from feedback import views

urlpatterns = [
    path("d/<int:dossier_id>/dashboard/", views.dashboard_view, name="feedback_dashboard"),
    path(
        "d/<int:dossier_id>/dashboard/export.xlsx",
        views.dashboard_xlsx_view,
        name="feedback_dashboard_xlsx",
    ),
    path("d/<int:dossier_id>/aged-balances/", views.aged_view, name="feedback_aged"),
    path("d/<int:dossier_id>/vat-return/", views.vat_return_view, name="feedback_vat_return"),
    path(
        "d/<int:dossier_id>/counterparties/<int:counterparty_id>/statement/",
        views.statement_view,
        name="feedback_statement",
    ),
]
