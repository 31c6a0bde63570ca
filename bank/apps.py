from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BankConfig(AppConfig):
    name = "bank"
    verbose_name = _("Bank")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from bank.intake import step_bank_statement
        from core.audit_labels import register_action_labels
        from core.menus import MenuItem, register
        from documents.intake import register_step

        # Before recognition: a CODA file is the bank's, never an invoice to read or book.
        register_step("bank_statement", step_bank_statement, after="pages")

        register(MenuItem("bank", _("Bank"), "bank", "client", "financial", "bank", 35))
        register(
            MenuItem(
                "bank_matching",
                _("Bank matching"),
                "bank_matching",
                "client",
                "dossier.configure",
                "link-45deg",
                36,
            )
        )
        register(
            MenuItem(
                "bank_missing",
                _("Missing documents"),
                "bank_missing",
                "client",
                "upload",
                "file-earmark-excel",
                37,
            )
        )
        register_action_labels(
            {
                "bank.coda_imported": _("CODA statements imported"),
                "bank.proposals_made": _("Bank matching proposals made"),
                "bank.proposal_changed": _("Bank matching proposal changed"),
                "bank.proposal_rejected": _("Bank matching proposal rejected"),
                "bank.movement_matched": _("Bank movement matched"),
                "bank.document_requested": _("Missing document requested"),
                "bank.document_received": _("Missing document received"),
            }
        )
