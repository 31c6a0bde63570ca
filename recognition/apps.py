from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecognitionConfig(AppConfig):
    name = "recognition"
    verbose_name = _("Recognition")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core.menus import MenuItem, register

        register(MenuItem("recognition_processing", _("Recognition"), "recognition_processing", "client",
                          "dossier.configure", "magic", 915))  # fmt: skip
