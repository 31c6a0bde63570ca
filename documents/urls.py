from django.urls import path

from documents import views

urlpatterns = [
    path("d/<int:dossier_id>/documents/", views.documents_view, name="documents"),
    path("d/<int:dossier_id>/documents/archive/", views.archive_view, name="documents_archive"),
    path("d/<int:dossier_id>/documents/history/", views.history_view, name="documents_history"),
    path("d/<int:dossier_id>/documents/folders/", views.folders_view, name="documents_folders"),
    path("d/<int:dossier_id>/documents/upload/", views.upload_view, name="documents_upload"),
    path("d/<int:dossier_id>/documents/capture/", views.capture_view, name="documents_capture"),
    path(
        "d/<int:dossier_id>/documents/intake/", views.intake_settings_view, name="documents_intake"
    ),
    path("d/<int:dossier_id>/documents/send/", views.send_view, name="documents_send"),
    path("d/<int:dossier_id>/documents/merge/", views.merge_view, name="documents_merge"),
    path(
        "documents/folders/<int:folder_id>/delete/",
        views.folder_delete_view,
        name="documents_folder_delete",
    ),
    path("documents/<int:document_id>/", views.document_detail_view, name="document_detail"),
    path("documents/<int:document_id>/status/", views.document_status_view, name="document_status"),
    path(
        "documents/<int:document_id>/history/",
        views.document_history_view,
        name="document_history",
    ),
    path("documents/<int:document_id>/edit/", views.document_edit_view, name="document_edit"),
    path("documents/<int:document_id>/delete/", views.document_delete_view, name="document_delete"),
    path("documents/<int:document_id>/share/", views.document_share_view, name="document_share"),
    path("documents/<int:document_id>/retry/", views.document_retry_view, name="document_retry"),
    path("documents/<int:document_id>/pages/", views.document_pages_view, name="document_pages"),
    path("documents/<int:document_id>/original", views.original_view, name="document_original"),
    path("documents/<int:document_id>/visual.pdf", views.visual_view, name="document_visual"),
    path(
        "documents/<int:document_id>/thumb/<int:number>.jpg",
        views.thumb_view,
        name="document_thumb",
    ),
    path(
        "documents/<int:document_id>/page/<int:number>.jpg",
        views.page_image_view,
        name="document_page",
    ),
]
