from django.urls import path

from recognition import views

urlpatterns = [
    path("d/<int:dossier_id>/recognition/", views.processing_view, name="recognition_processing"),
    path(
        "documents/<int:document_id>/extraction/",
        views.extraction_view,
        name="recognition_extraction",
    ),
]
