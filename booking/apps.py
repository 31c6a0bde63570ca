from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def proposals_of_document(document) -> dict:
    """A document's history (A8) shows the checks and sending of its proposals."""
    from booking.models import Proposal

    return {
        "booking.proposal": list(
            Proposal.objects.filter(document=document).values_list("pk", flat=True)
        )
    }


class BookingConfig(AppConfig):
    name = "booking"
    verbose_name = _("Booking proposals")

    def ready(self) -> None:
        from booking.pipeline import step_proposal
        from booking.tasks import proposal_after_extraction, proposals_for_sent_documents
        from core import extensions
        from core.menus import MenuItem, register
        from documents.intake import register_step

        # After extraction: documents already sent (auto-forward) get their proposal in the
        # same task; documents sent later get it from the "documents.sent" event.
        register_step("proposal", step_proposal, after="extraction")
        extensions.subscribe("documents.sent", proposals_for_sent_documents)
        # A later extraction rebuilds a proposal nobody corrected yet.
        extensions.subscribe("recognition.extracted", proposal_after_extraction)
        extensions.provide("document_audit_objects", proposals_of_document)
        # H2: the office's conversation on a document is the old "question": help needed.
        from booking.services.questions import DOCUMENT_CONVERSATION, help_needed_on_question

        extensions.subscribe(DOCUMENT_CONVERSATION, help_needed_on_question)
        register(
            MenuItem(
                "booking_worklist",
                _("Worklist"),
                "booking_worklist",
                "client",
                "worklist",
                "list-check",
                20,
            )
        )
        register(
            MenuItem(
                "booking_client",
                _("Booking proposals"),
                "booking_client",
                "client",
                "document.edit",
                "pencil-square",
                21,
            )
        )
        register(
            MenuItem(
                "booking_office", _("Worklists"), "booking_office", "office", None, "list-check", 20
            )
        )
