from django.urls import path

from bank import views, views_matching, views_missing

urlpatterns = [
    path("d/<int:dossier_id>/bank/", views.bank_view, name="bank"),
    path("d/<int:dossier_id>/bank/import/", views.bank_import_view, name="bank_import"),
    path(
        "d/<int:dossier_id>/bank/statements/<int:statement_id>/pdf/",
        views.statement_pdf_view,
        name="bank_statement_pdf",
    ),
    path("d/<int:dossier_id>/bank/matching/", views_matching.matching_view, name="bank_matching"),
    path(
        "d/<int:dossier_id>/bank/matching/propose/",
        views_matching.matching_propose_view,
        name="bank_matching_propose",
    ),
    path(
        "d/<int:dossier_id>/bank/matching/decide/",
        views_matching.matching_decide_view,
        name="bank_matching_decide",
    ),
    path(
        "d/<int:dossier_id>/bank/missing-documents/office/",
        views_missing.missing_office_view,
        name="bank_missing_office",
    ),
    path(
        "d/<int:dossier_id>/bank/missing-documents/ask/",
        views_missing.missing_ask_view,
        name="bank_missing_ask",
    ),
    path(
        "d/<int:dossier_id>/bank/missing-documents/",
        views_missing.missing_client_view,
        name="bank_missing",
    ),
    path(
        "d/<int:dossier_id>/bank/missing-documents/<int:request_id>/",
        views_missing.missing_answer_view,
        name="bank_missing_answer",
    ),
]
