from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecognitionConfig(AppConfig):
    name = "recognition"
    verbose_name = _("Recognition")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core import extensions
        from core.menus import MenuItem, register
        from documents.intake import register_step

        from .modes import document_list_badges, document_notices
        from .services import step_extraction, step_text

        # Intake steps (documents/intake/steps.py lists them all): the invoice read once the
        # pages exist; the text layer of scans last, as the slow one.
        register_step("extraction", step_extraction, after="pages")
        register_step("text", step_text, after="extraction")
        register(
            MenuItem(
                "recognition_processing",
                _("Recognition"),
                "recognition_processing",
                "client",
                "dossier.configure",
                "magic",
                915,
            )
        )
        register(
            MenuItem(
                "recognition_cartridges",
                _("Cartridges"),
                "recognition_cartridges",
                "office",
                None,
                "battery-half",
                915,
                office_role="admin",
            )
        )
        extensions.provide("document_notices", document_notices)
        extensions.provide("document_list_badges", document_list_badges)
