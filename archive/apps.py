from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = _("Archive, histories and folders")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from archive.registry import register_all

        register_all()
