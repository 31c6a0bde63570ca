from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "payments"
    verbose_name = _("Payments")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core import extensions
        from core.audit_labels import register_action_labels
        from core.menus import MenuItem, register
        from payments.indicators import document_actions, document_payment_rows
        from payments.selectors import document_notices

        extensions.provide("document_notices", document_notices)
        extensions.provide("document_payment_rows", document_payment_rows)
        extensions.provide("document_actions", document_actions)
        # Purchase-invoice approval (B16): documents asks, payments answers.
        from payments import invoice_approval as ia

        extensions.provide("send_blocked", ia.send_blocked)
        extensions.provide("document_gates", ia.document_gates)
        extensions.provide("document_actions", ia.document_actions)
        extensions.provide("document_notices", ia.document_notices)
        extensions.subscribe("recognition.extracted", ia.on_extracted)
        register(
            MenuItem(
                "invoice_approval",
                _("Invoice approval"),
                "payments_invoice_approvals",
                "client",
                "approval",
                "check2-square",
                37,
            )
        )

        register(
            MenuItem("payments", str(_("Payments")), "payments", "client", "payments", "send", 38)
        )
        register_action_labels(
            {
                "payments.order_created": _("Payment order created"),
                "payments.order_approved": _("Payment order approved"),
                "payments.order_refused": _("Payment order refused"),
                "payments.exported": _("SEPA credit-transfer file created"),
                "payments.order_paid": _("Payment order marked as paid"),
                "payments.order_edited": _("Draft payment order edited"),
                "payments.order_submitted": _("Draft payment order submitted"),
                "payments.approval_switched": _("Payment approval switched on or off"),
                "payments.rule_saved": _("Payment approval rule saved"),
                "payments.rule_deleted": _("Payment approval rule deleted"),
                "payments.order_approval_given": _(
                    "Payment order approved by one of its rule's users"
                ),
                "payments.invoice_approval_switched": _("Invoice approval switched on or off"),
                "payments.invoice_rule_saved": _("Invoice approval rule saved"),
                "payments.invoice_rule_deleted": _("Invoice approval rule deleted"),
                "payments.invoice_submitted": _("Invoice put under approval"),
                "payments.invoice_approved": _("Invoice approved"),
                "payments.invoice_rejected": _("Invoice rejected"),
                "payments.account_changed": _("Bank account payment settings changed"),
                "payments.settings_changed": _("Payment approval threshold changed"),
            }
        )
