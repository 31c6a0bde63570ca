from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BankConfig(AppConfig):
    name = "bank"
    verbose_name = _("Bank")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core.menus import MenuItem, register

        register(MenuItem("bank", _("Bank"), "bank", "client", "financial", "bank", 35))
        register(MenuItem("bank_matching", _("Bank matching"), "bank_matching", "client",
                          "dossier.configure", "link-45deg", 36))  # fmt: skip
        register(MenuItem("bank_missing", _("Missing documents"), "bank_missing", "client",
                          "upload", "file-earmark-excel", 37))  # fmt: skip
