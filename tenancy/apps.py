from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TenancyConfig(AppConfig):
    name = "tenancy"
    verbose_name = _("Offices and dossiers")

    def ready(self) -> None:
        from core.menus import MenuItem, register

        register(
            MenuItem("dossier_home", _("Overview"), "dossier_home", "client", "view", "house", 0)
        )
        register(
            MenuItem(
                "dossier_users",
                _("Users"),
                "dossier_users",
                "client",
                "users.manage",
                "people",
                900,
            )
        )
        register(
            MenuItem(
                "dossier_settings_office",
                _("Dossier settings"),
                "dossier_settings",
                "client",
                "dossier.configure",
                "sliders",
                910,
            )
        )
        register(
            MenuItem(
                "dossier_settings_client",
                _("Settings"),
                "dossier_settings",
                "client",
                "client.settings",
                "gear",
                911,
            )
        )
        register(
            MenuItem(
                "office_dossiers", _("Dossiers"), "office_dossiers", "office", None, "folder2", 0
            )
        )
        register(
            MenuItem(
                "office_collaborators",
                _("Collaborators"),
                "office_collaborators",
                "office",
                None,
                "person-badge",
                900,
                office_role="admin",
            )
        )
        register(
            MenuItem(
                "office_branding",
                _("Branding"),
                "office_branding",
                "office",
                None,
                "palette",
                910,
                office_role="admin",
            )
        )
        register(MenuItem("profile", _("My profile"), "profile", "account", None, "person", 0))
        register(
            MenuItem("security", _("Security"), "security", "account", None, "shield-lock", 10)
        )
        register(MenuItem("tokens", _("API tokens"), "tokens", "account", None, "key", 20))
