from django.urls import path

from payments import views, views_invoices, views_rules

urlpatterns = [
    path(
        "d/<int:dossier_id>/invoices/approval/",
        views_invoices.approvals_view,
        name="payments_invoice_approvals",
    ),
    path(
        "d/<int:dossier_id>/invoices/approval/settings/",
        views_invoices.settings_view,
        name="payments_invoice_settings",
    ),
    path(
        "d/<int:dossier_id>/invoices/approval/switch/",
        views_invoices.switch_view,
        name="payments_invoice_switch",
    ),
    path(
        "invoices/<int:document_id>/decide/",
        views_invoices.decide_view,
        name="payments_invoice_decide",
    ),
    path(
        "invoices/approval/rules/<int:rule_id>/",
        views_invoices.rule_edit_view,
        name="payments_invoice_rule",
    ),
    path(
        "invoices/approval/rules/<int:rule_id>/delete/",
        views_invoices.rule_delete_view,
        name="payments_invoice_rule_delete",
    ),
    path("d/<int:dossier_id>/payments/", views.payments_view, name="payments"),
    path("d/<int:dossier_id>/payments/due/", views.due_view, name="payments_due"),
    path("d/<int:dossier_id>/payments/new/", views.order_new_view, name="payments_new"),
    path("d/<int:dossier_id>/payments/export/", views.export_view, name="payments_export"),
    path("d/<int:dossier_id>/payments/rules/", views_rules.rules_view, name="payments_rules"),
    path(
        "d/<int:dossier_id>/payments/rules/switch/",
        views_rules.switch_view,
        name="payments_approval_switch",
    ),
    path("payments/rules/<int:rule_id>/", views_rules.rule_edit_view, name="payments_rule"),
    path(
        "payments/rules/<int:rule_id>/delete/",
        views_rules.rule_delete_view,
        name="payments_rule_delete",
    ),
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
