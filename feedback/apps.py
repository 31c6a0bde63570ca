from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = _("What the client gets back")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core.menus import MenuItem, register

        register(
            MenuItem(
                "feedback_dashboard",
                _("Dashboard"),
                "feedback_dashboard",
                "client",
                "feedback",
                "bar-chart-line",
                195,
            )
        )
        register(
            MenuItem(
                "feedback_aged",
                _("Aged balances"),
                "feedback_aged",
                "client",
                "feedback",
                "hourglass-split",
                196,
            )
        )
        register(
            MenuItem(
                "feedback_vat_return",
                _("VAT return"),
                "feedback_vat_return",
                "client",
                "feedback",
                "receipt",
                197,
            )
        )
