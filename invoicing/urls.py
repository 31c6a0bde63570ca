from django.urls import path

from invoicing import views

urlpatterns = [
    path("d/<int:dossier_id>/invoicing/", views.invoices_view, name="invoicing"),
    path("d/<int:dossier_id>/invoicing/new/", views.invoice_new_view, name="invoicing_new"),
    path("d/<int:dossier_id>/invoicing/line/", views.line_row_view, name="invoicing_line"),
    path(
        "d/<int:dossier_id>/invoicing/customers/", views.customers_view, name="invoicing_customers"
    ),
    path("d/<int:dossier_id>/invoicing/items/", views.items_view, name="invoicing_items"),
    path("d/<int:dossier_id>/invoicing/settings/", views.settings_view, name="invoicing_settings"),
    path("d/<int:dossier_id>/invoicing/receive/", views.receive_view, name="invoicing_receive"),
    path(
        "invoicing/customers/<int:customer_id>/",
        views.customer_edit_view,
        name="invoicing_customer",
    ),
    path("invoicing/items/<int:item_id>/", views.item_edit_view, name="invoicing_item"),
    path("invoicing/<int:invoice_id>/", views.invoice_view, name="invoicing_invoice"),
    path("invoicing/<int:invoice_id>/edit/", views.invoice_edit_view, name="invoicing_edit"),
    path("invoicing/<int:invoice_id>/pdf/", views.invoice_pdf_view, name="invoicing_pdf"),
    path("invoicing/<int:invoice_id>/ubl/", views.invoice_ubl_view, name="invoicing_ubl"),
    path("invoicing/<int:invoice_id>/send/", views.invoice_send_view, name="invoicing_send"),
    path(
        "invoicing/<int:invoice_id>/refresh/", views.invoice_refresh_view, name="invoicing_refresh"
    ),
    path("invoicing/<int:invoice_id>/delete/", views.invoice_delete_view, name="invoicing_delete"),
]
