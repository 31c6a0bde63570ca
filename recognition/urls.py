from django.urls import path

from recognition import views

urlpatterns = [
    path("d/<int:dossier_id>/recognition/", views.processing_view, name="recognition_processing"),
    path(
        "documents/<int:document_id>/extraction/",
        views.extraction_view,
        name="recognition_extraction",
    ),
    path("office/cartridges/", views.cartridges_view, name="recognition_cartridges"),
    path(
        "office/cartridges/<int:cartridge_id>/",
        views.cartridge_view,
        name="recognition_cartridge",
    ),
]
