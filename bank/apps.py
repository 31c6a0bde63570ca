from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BankConfig(AppConfig):
    name = "bank"
    verbose_name = _("Bank")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core.audit_labels import register_action_labels
        from core.menus import MenuItem, register

        register(MenuItem("bank", _("Bank"), "bank", "client", "financial", "bank", 35))
        register_action_labels({"bank.coda_imported": _("CODA statements imported")})
