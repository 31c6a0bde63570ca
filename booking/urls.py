from django.urls import path

from booking import views

urlpatterns = [
    path("d/<int:dossier_id>/worklist/", views.worklist_view, name="booking_worklist"),
    path("d/<int:dossier_id>/worklist/bulk/", views.bulk_view, name="booking_bulk"),
    path("d/<int:dossier_id>/proposals/", views.client_view, name="booking_client"),
    path("d/<int:dossier_id>/proposals/bulk/", views.client_bulk_view, name="booking_client_bulk"),
    path(
        "d/<int:dossier_id>/client-invoices/",
        views.client_invoices_view,
        name="booking_client_invoices",
    ),
    path("proposals/<int:proposal_id>/", views.annotate_view, name="booking_annotate"),
    path("proposals/<int:proposal_id>/save/", views.annotate_save_view, name="booking_save"),
    path("proposals/<int:proposal_id>/delete/", views.annotate_delete_view, name="booking_delete"),
    path("proposals/<int:proposal_id>/send/", views.annotate_send_view, name="booking_send"),
    path("office/worklists/", views.office_view, name="booking_office"),
]
