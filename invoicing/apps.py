from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvoicingConfig(AppConfig):
    name = "invoicing"
    verbose_name = _("Invoicing")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core.audit_labels import register_action_labels
        from core.menus import MenuItem, register

        register(
            MenuItem("invoicing", _("Invoicing"), "invoicing", "client", "invoicing", "receipt", 36)
        )
        register_action_labels(
            {
                "invoicing.customer_created": _("Customer created"),
                "invoicing.customer_updated": _("Customer updated"),
                "invoicing.item_created": _("Item created"),
                "invoicing.item_updated": _("Item updated"),
                "invoicing.invoice_created": _("Sales invoice drafted"),
                "invoicing.invoice_updated": _("Sales invoice draft changed"),
                "invoicing.invoice_issued": _("Sales invoice issued and booked"),
                "invoicing.draft_deleted": _("Sales invoice draft deleted"),
                "invoicing.invoice_sent": _("Sales invoice sent"),
                "invoicing.delivery_updated": _("Sales invoice delivery status changed"),
                "invoicing.settings_changed": _("Invoicing settings changed"),
                "invoicing.received": _("Invoice received over Peppol"),
            }
        )
