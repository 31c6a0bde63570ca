from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "ledger"
    verbose_name = _("Books")

    def ready(self) -> None:
        from core.menus import MenuItem, register

        # Office pages of a dossier live under /d/<id>/, hence side "client" + CONFIGURE.
        register(
            MenuItem(
                "ledger_home",
                _("Books"),
                "ledger_home",
                "client",
                "dossier.configure",
                "journal-bookmark",
                500,
            )
        )
        register(
            MenuItem(
                "ledger_office_books",
                _("Books and synchronisation"),
                "ledger_office_books",
                "office",
                None,
                "arrow-repeat",
                50,
            )
        )
        register(
            MenuItem(
                "ledger_office_rubrics",
                _("Rubric scheme"),
                "ledger_office_rubrics",
                "office",
                None,
                "diagram-3",
                920,
                office_role="admin",
            )
        )
