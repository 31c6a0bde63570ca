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
                # Admins find it here; collaborators whom the settings allow, on the monitor.
                office_role="admin",
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
        # I2: the office settings (admins), and what lower apps ask of them.
        register(
            MenuItem(
                "office_settings",
                cast(str, _("Settings")),
                "office_settings",
                "office",
                None,
                "gear",
                899,
                office_role="admin",
            )
        )
        register_action_labels(
            {
                "office.settings_updated": _("Office settings changed"),
                "office.activation_rule_updated": _("Who may activate dossiers changed"),
                "office.collaborator_updated": _("Collaborator's profile changed"),
                "office.collaborator_assigned": _("Collaborator's dossiers changed"),
                "office.collaborator_removed": _("Collaborator removed from the office"),
                "office.journals_updated": _("Default journals changed"),
                "office.vat_codes_updated": _("Office VAT codes changed"),
                "office.help_videos_updated": _("Help videos changed"),
                "office.client_links_updated": _("Links shown to clients changed"),
            }
        )
        from office.office_settings import journals_for_new_books

        extensions.provide("default_journals", journals_for_new_books)
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
        # I1: SQLite rebuilds a table to alter it, dropping the counters' triggers with it.
        from django.db.models.signals import post_migrate

        post_migrate.connect(_counters_triggers, sender=self)
        # The office's landing page (tenancy's home sends office staff there).
        extensions.provide("office_home", lambda: {"url_name": "office_monitor"})


def _counters_triggers(sender, using="default", **kwargs) -> None:
    """After `migrate` on SQLite: put back the monitor counters' triggers a table rebuild
    dropped, and recount (PostgreSQL alters tables in place: its triggers stay)."""
    from django.db import connections

    from office.counters import TABLE, recount, triggers_install, triggers_missing

    conn = connections[using]
    if conn.vendor != "sqlite" or TABLE not in conn.introspection.table_names():
        return
    if triggers_missing(conn):
        triggers_install(conn)
        recount()
