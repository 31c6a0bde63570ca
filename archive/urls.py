from django.urls import path

from archive import views_archive, views_histories

urlpatterns = [
    path("d/<int:dossier_id>/archive/", views_archive.archive_view, name="archive"),
    path(
        "d/<int:dossier_id>/archive/export.xlsx",
        views_archive.archive_xlsx_view,
        name="archive_xlsx",
    ),
    path("d/<int:dossier_id>/histories/", views_histories.histories_view, name="archive_histories"),
    path(
        "d/<int:dossier_id>/histories/export.xlsx",
        views_histories.histories_xlsx_view,
        name="archive_histories_xlsx",
    ),
    path(
        "d/<int:dossier_id>/histories/lines/<int:line_id>/paid/",
        views_histories.mark_paid_view,
        name="archive_mark_paid",
    ),
]
