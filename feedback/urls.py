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

# --- Statements (F2), reports (F4) and the office's VAT return: appended by the reports work.
from feedback import views_statements  # noqa: E402

urlpatterns += [
    path(
        "d/<int:dossier_id>/statements/income/",
        views_statements.income_statement_view,
        name="feedback_income_statement",
    ),
    path(
        "d/<int:dossier_id>/statements/balance/",
        views_statements.balance_sheet_view,
        name="feedback_balance_sheet",
    ),
    path(
        "d/<int:dossier_id>/statements/accounts/<int:account_id>/",
        views_statements.account_months_view,
        name="feedback_account_months",
    ),
    path(
        "d/<int:dossier_id>/statements/accounts/<int:account_id>/<int:period_id>/",
        views_statements.account_entries_view,
        name="feedback_account_entries",
    ),
]

from feedback import views_reports, views_vat  # noqa: E402

urlpatterns += [
    path("d/<int:dossier_id>/reports/", views_reports.reports_view, name="feedback_reports"),
    # The form posts here: making a report is an action, not a save of what the form shows.
    path(
        "d/<int:dossier_id>/reports/run/", views_reports.reports_view, name="feedback_reports_run"
    ),
    path(
        "d/<int:dossier_id>/reports/<int:report_id>/",
        views_reports.report_view,
        name="feedback_report",
    ),
    path(
        "d/<int:dossier_id>/reports/<int:report_id>/download/",
        views_reports.report_download_view,
        name="feedback_report_download",
    ),
    path(
        "d/<int:dossier_id>/reports/<int:report_id>/publish/",
        views_reports.report_publish_view,
        name="feedback_report_publish",
    ),
    path("d/<int:dossier_id>/shared/", views_reports.shared_view, name="feedback_shared"),
    path("d/<int:dossier_id>/vat/", views_vat.vat_office_view, name="feedback_vat_office"),
    path(
        "d/<int:dossier_id>/vat/grid/<str:box>/",
        views_vat.vat_grid_view,
        name="feedback_vat_grid",
    ),
    path("d/<int:dossier_id>/vat/intervat.xml", views_vat.vat_xml_view, name="feedback_vat_xml"),
    path(
        "d/<int:dossier_id>/vat/publish/", views_vat.vat_publish_view, name="feedback_vat_publish"
    ),
]
urlpatterns += [
    path(
        "d/<int:dossier_id>/vat/listings/",
        views_vat.vat_listings_view,
        name="feedback_vat_listings",
    ),
    path(
        "d/<int:dossier_id>/vat/listings/<str:kind>.xml",
        views_vat.vat_listing_xml_view,
        name="feedback_vat_listing_xml",
    ),
    path(
        "d/<int:dossier_id>/vat/listings/<str:kind>/publish/",
        views_vat.vat_listing_publish_view,
        name="feedback_vat_listing_publish",
    ),
]
