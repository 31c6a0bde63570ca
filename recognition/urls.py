from django.urls import path

from recognition import views

urlpatterns = [
    path(
        "documents/<int:document_id>/extraction/",
        views.extraction_view,
        name="recognition_extraction",
    ),
]
