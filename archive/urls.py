from django.urls import path

from archive import views_archive

urlpatterns = [
    path("d/<int:dossier_id>/archive/", views_archive.archive_view, name="archive"),
    path(
        "d/<int:dossier_id>/archive/export.xlsx",
        views_archive.archive_xlsx_view,
        name="archive_xlsx",
    ),
]
