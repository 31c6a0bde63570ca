from django.urls import path

from payments import views

urlpatterns = [
    path("d/<int:dossier_id>/payments/", views.payments_view, name="payments"),
    path("d/<int:dossier_id>/payments/new/", views.order_new_view, name="payments_new"),
    path("d/<int:dossier_id>/payments/export/", views.export_view, name="payments_export"),
    path("d/<int:dossier_id>/payments/threshold/", views.threshold_view, name="payments_threshold"),
    path("d/<int:dossier_id>/payments/accounts/", views.accounts_view, name="payments_accounts"),
    path("payments/<int:order_id>/", views.order_view, name="payments_order"),
    path("payments/<int:order_id>/edit/", views.order_edit_view, name="payments_edit"),
    path("payments/<int:order_id>/qr.svg", views.order_qr_view, name="payments_order_qr"),
    path("payments/<int:order_id>/decide/", views.order_decide_view, name="payments_decide"),
    path("payments/<int:order_id>/paid/", views.order_paid_view, name="payments_paid"),
    path(
        "payments/exports/<int:export_id>/pain001.xml",
        views.export_download_view,
        name="payments_export_download",
    ),
]
