from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BookingConfig(AppConfig):
    name = "booking"
    verbose_name = _("Booking proposals")

    def ready(self) -> None:
        from booking.pipeline import step_proposal
        from booking.tasks import proposals_for_sent_documents
        from core import extensions
        from core.menus import MenuItem, register
        from documents.intake import register_step

        # After extraction: documents already sent (auto-forward) get their proposal in the
        # same task; documents sent later get it from the "documents.sent" event.
        register_step("proposal", step_proposal, after="extraction")
        extensions.subscribe("documents.sent", proposals_for_sent_documents)
        register(MenuItem("booking_worklist", _("Worklist"), "booking_worklist", "client",
                          "worklist", "list-check", 20))  # fmt: skip
        register(MenuItem("booking_client", _("Booking proposals"), "booking_client", "client",
                          "document.edit", "pencil-square", 21))  # fmt: skip
        register(MenuItem("booking_office", _("Worklists"), "booking_office", "office",
                          None, "list-check", 20))  # fmt: skip
