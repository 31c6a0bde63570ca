from typing import cast

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficeConfig(AppConfig):
    name = "office"
    verbose_name = _("The office's cockpit")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core import extensions
        from core.audit_labels import register_action_labels
        from core.menus import MenuItem, register
        from documents.intake import register_step
        from office.services import RELEASE_STEP, step_office_release

        # C11: a gate between the pages and recognition; a held document uses no credit.
        register_step(RELEASE_STEP, step_office_release, after="pages")
        register(
            MenuItem(
                "office_monitor",
                cast(str, _("Active clients")),
                "office_monitor",
                "office",
                None,
                "speedometer2",
                -10,
            )
        )
        register(
            MenuItem(
                "office_release",
                cast(str, _("To release")),
                "office_release",
                "office",
                None,
                "hourglass-split",
                25,
            )
        )
        register(
            MenuItem(
                "office_checks",
                cast(str, _("Office checks")),
                "office_checks",
                "client",
                "dossier.configure",
                "shield-check",
                912,
            )
        )
        register(
            MenuItem(
                "office_numbering",
                cast(str, _("Numbering check")),
                "office_numbering",
                "client",
                "worklist",
                "123",
                913,
            )
        )
        register_action_labels(
            {
                "office.vat_lookup": _("Counterparty looked up by VAT number (VIES)"),
                "office.numbering_check": _("Sales invoice numbering check changed"),
                "office.document_held": _("Held for the office's check"),
                "office.document_released": _("Released for recognition"),
                "office.check_before_recognition": _("Office check before recognition changed"),
            }
        )
        register_action_labels(
            {
                "office.checklist_ticked": _("Activation step confirmed"),
                "office.checklist_unticked": _("Activation step reopened"),
                "office.activation_started": _("Dossier activation started"),
                "office.dossier_activated": _("Dossier activated"),
                "office.misc_filed": _("Misc document processed"),
                "office.feedback_sent": _("Feedback sent to the office"),
            }
        )
        register(
            MenuItem(
                "office_activation",
                cast(str, _("Activate a dossier")),
                "office_activation",
                "office",
                None,
                "toggle-on",
                28,
                office_role="admin",  # as office.activation.may_activate
            )
        )
        register(
            MenuItem(
                "office_misc",
                cast(str, _("Misc documents")),
                "office_misc",
                "office",
                None,
                "inboxes",
                26,
            )
        )
        register(
            MenuItem(
                "office_activity",
                cast(str, _("Clients' activity")),
                "office_activity",
                "office",
                None,
                "activity",
                27,
            )
        )
        register(
            MenuItem(
                "office_help",
                cast(str, _("Help")),
                "office_help",
                "account",
                None,
                "question-circle",
                90,
            )
        )
        # C14: the VIES panel and C12 flags on a proposal's page; the lookup of a new
        # proposal's new counterparty; its address when booking creates it.
        from office.lookups.services import new_counterparty_values
        from office.tasks import lookup_new_counterparty
        from office.views_checks import counterparty_tools, proposal_panel

        extensions.provide("conversation_panel", proposal_panel)
        extensions.provide("counterparty_form_tools", counterparty_tools)
        from office.numbering import proposal_problems

        extensions.provide("proposal_problems", proposal_problems)
        extensions.provide("new_counterparty_values", new_counterparty_values)
        extensions.subscribe("booking.proposal_created", lookup_new_counterparty)
        # The office's landing page (tenancy's home sends office staff there).
        extensions.provide("office_home", lambda: {"url_name": "office_monitor"})
