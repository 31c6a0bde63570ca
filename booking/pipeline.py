"""The `proposal` step of the intake pipeline (registered in BookingConfig.ready)."""

from __future__ import annotations

from django.utils.translation import gettext_noop

from core.texts import stored
from documents.models import DocState, Document


def step_proposal(doc: Document) -> dict | None:
    from booking.services import BOOKABLE_MAILBOXES, proposal_create_for_document

    doc.refresh_from_db(fields=["state", "mailbox"])
    if doc.mailbox not in BOOKABLE_MAILBOXES:
        return stored(gettext_noop("not an invoice mailbox"))
    if doc.state != DocState.SENT:
        return stored(gettext_noop("made when the document is sent to the office"))
    proposal_create_for_document(document_id=doc.pk)
    return None
