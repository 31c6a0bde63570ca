from django.urls import path

from bank import views

urlpatterns = [
    path("d/<int:dossier_id>/bank/", views.bank_view, name="bank"),
    path("d/<int:dossier_id>/bank/import/", views.bank_import_view, name="bank_import"),
]
