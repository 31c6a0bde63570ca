from django.urls import path

from archive import views_archive, views_folders, views_histories, views_settings

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
    path("d/<int:dossier_id>/folders/", views_folders.folders_view, name="archive_folders"),
    path("d/<int:dossier_id>/publish/", views_folders.publish_view, name="archive_publish"),
    path(
        "publications/<int:publication_id>/open/",
        views_folders.publication_open_view,
        name="archive_publication_open",
    ),
    path(
        "publications/<int:publication_id>/file",
        views_folders.publication_file_view,
        name="archive_publication_file",
    ),
    path(
        "publications/<int:publication_id>/delete/",
        views_folders.publication_delete_view,
        name="archive_publication_delete",
    ),
    path("d/<int:dossier_id>/links/", views_folders.links_view, name="archive_links"),
    path(
        "d/<int:dossier_id>/accountant/", views_folders.accountant_view, name="archive_accountant"
    ),
    path(
        "office/settings/categories/",
        views_settings.categories_view,
        name="archive_settings_categories",
    ),
]
