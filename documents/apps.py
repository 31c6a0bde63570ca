from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Documents")

    def ready(self) -> None:
        from core.menus import MenuItem, register

        register(
            MenuItem("documents", _("Documents"), "documents", "client", "mailbox", "inbox", 10)
        )
        register(
            MenuItem(
                "documents_upload",
                _("Add documents"),
                "documents_upload",
                "client",
                "upload",
                "upload",
                11,
            )
        )
        register(
            MenuItem(
                "documents_archive",
                _("Archive"),
                "documents_archive",
                "client",
                "archive",
                "archive",
                40,
            )
        )
        register(
            MenuItem(
                "documents_intake",
                _("Receiving documents"),
                "documents_intake",
                "client",
                "upload",
                "envelope-at",
                905,
            )
        )
        from core import extensions
        from documents.intake.builtin_steps import register as register_steps
        from documents.selectors import intake_addresses

        register_steps()

        # The dossier API (tenancy) shows where documents can be sent (B3, B4).
        extensions.provide("dossier_api", lambda dossier: {"intake": intake_addresses(dossier)})
