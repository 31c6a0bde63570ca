from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TenancyConfig(AppConfig):
    name = "tenancy"
    verbose_name = _("Offices and dossiers")

    def ready(self) -> None:
        from core.menus import MenuItem, register

        entries = [
            # key, label, url name, side, capability, icon, order, office role
            ("dossier_home", _("Overview"), "dossier_home", "client", "view", "house", 0, None),
            (
                "dossier_users",
                _("Users"),
                "dossier_users",
                "client",
                "users.manage",
                "people",
                900,
                None,
            ),
            (
                "dossier_settings_office",
                _("Dossier settings"),
                "dossier_settings",
                "client",
                "dossier.configure",
                "sliders",
                910,
                None,
            ),
            (
                "dossier_settings_client",
                _("Settings"),
                "dossier_settings",
                "client",
                "client.settings",
                "gear",
                911,
                None,
            ),
            (
                "office_dossiers",
                _("Dossiers"),
                "office_dossiers",
                "office",
                None,
                "folder2",
                0,
                None,
            ),
            ("profile", _("My profile"), "profile", "account", None, "person", 0, None),
            ("security", _("Security"), "security", "account", None, "shield-lock", 10, None),
            ("tokens", _("API tokens"), "tokens", "account", None, "key", 20, None),
        ]
        # Collaborators, groups and branding are reached through the office settings (I2,
        # the office app's "Settings" menu entry), not entries of their own.
        for key, label, url_name, side, cap, icon, order, role in entries:
            register(MenuItem(key, label, url_name, side, cap, icon, order, office_role=role))
