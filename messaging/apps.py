from typing import cast

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "messaging"
    verbose_name = _("Messages and tasks")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core import extensions
        from core.audit_labels import register_action_labels
        from core.menus import MenuItem, register

        register(
            MenuItem(
                "messaging",
                cast(str, _("Messages")),
                "messaging_conversations",
                "client",
                "messages",
                "chat-left-text",
                40,
            )
        )
        register(
            MenuItem(
                "messaging_tasks",
                cast(str, _("Tasks")),
                "messaging_tasks",
                "client",
                "tasks",
                "calendar-check",
                41,
            )
        )
        register(
            MenuItem(
                "messaging_office",
                cast(str, _("Messages")),
                "messaging_office",
                "office",
                None,
                "chat-left-text",
                30,
            )
        )
        register(
            MenuItem(
                "messaging_mass",
                cast(str, _("Mass message")),
                "messaging_mass",
                "office",
                None,
                "megaphone",
                31,
            )
        )
        register(
            MenuItem(
                "messaging_vat_ok",
                cast(str, _("VAT documents OK")),
                "messaging_vat_ok",
                "client",
                "document.edit",
                "check2-square",
                42,
            )
        )
        register(
            MenuItem(
                "messaging_office_vat_ok",
                cast(str, _("VAT documents OK")),
                "messaging_office_vat_ok",
                "office",
                None,
                "check2-square",
                32,
            )
        )
        register_action_labels(
            {
                "messaging.vat_documents_ok": _("VAT documents declared complete"),
                "messaging.vat_documents_withdrawn": _("VAT documents declaration withdrawn"),
                "messaging.mass_sent": _("Mass message sent"),
                "messaging.template_saved": _("Message template saved"),
                "messaging.template_reset": _("Message template reset"),
                "messaging.message_sent": _("Message sent"),
                "messaging.closed": _("Conversation closed"),
                "messaging.reopened": _("Conversation reopened"),
                "messaging.calendar_changed": _("Deadline settings changed"),
                "messaging.task_created": _("Task created"),
                "messaging.task_done": _("Task done"),
                "messaging.task_reopened": _("Task reopened"),
            }
        )
        # For a menu that shows counters (see the report): unread conversations of a dossier.
        extensions.provide("menu_badges", _menu_badges)
        # H2: documents and booking ask for a document's conversations and list icons.
        from messaging.documents_ext import conversation_panel, document_icons

        extensions.provide("conversation_panel", conversation_panel)
        extensions.provide("document_icons", document_icons)
        # H5: lower apps queue their notifications for the digest through this event.
        from messaging.notifications import QUEUE_EVENT, queue_event

        extensions.subscribe(QUEUE_EVENT, queue_event)
        # Approvers of payments (G4) and purchase invoices (B16) are told by e-mail.
        from messaging.notifications import approval_mails_send

        extensions.subscribe("payments.approval_requested", approval_mails_send)


def _menu_badges(request, dossier=None) -> dict:
    """Unread conversations, by menu key: the dossier's, and the office's across dossiers."""
    from django.db.models import Q

    from messaging.selectors import office_conversation_list, unread_count
    from tenancy.policy import office_member

    user = request.user
    if not getattr(user, "is_authenticated", False):
        return {}
    badges = {}
    if dossier is not None:
        badges["messaging"] = unread_count(user=user, dossier=dossier)
    if office_member(user) is not None:
        badges["messaging_office"] = (
            office_conversation_list(user=user).filter(Q(unread=True)).count()
        )
    return badges
