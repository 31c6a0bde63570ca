from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = _("What the client gets back")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core import extensions
        from core.menus import MenuItem, register
        from feedback.figures_cache import figures_changed
        from ledger.events import BOOKS_CHANGED

        # Cached figures follow the books: a new version in the posting's transaction.
        extensions.subscribe(BOOKS_CHANGED, figures_changed)

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
        _register_reports()


def _register_reports() -> None:
    """Statements (F2), reports (F4) and the office's VAT return."""
    from core.audit_labels import register_action_labels
    from core.menus import MenuItem, register

    for key, label, cap, icon, order in (
        ("feedback_income_statement", _("Statements"), "feedback", "table", 198),
        ("feedback_reports", _("Reports"), "feedback", "file-earmark-bar-graph", 199),
        ("feedback_vat_office", _("VAT return to file"), "dossier.configure", "bank", 510),
    ):
        register(MenuItem(key, label, key, "client", cap, icon, order))
    register_action_labels(
        {
            "feedback.report_requested": _("Report requested"),
            "feedback.report_published": _("Report shared with the client"),
            "feedback.report_withdrawn": _("Report no longer shared"),
        }
    )
