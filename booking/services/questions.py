"""Questions to the client about one document (C7 -> H2).

The questions are conversations of the messaging app now (its migration 0003 carried the
old booking.Question rows over). Booking only hears, through the
"messaging.document_conversation" event, that someone started one on a document: when the
office asks, the document's open proposal is marked "help needed", as the question did."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from booking.models import Proposal, State
from booking.services.common import reevaluate
from documents.models import Document
from tenancy.policy import office_member

# The event messaging sends after the commit (core.extensions; booking cannot import it).
DOCUMENT_CONVERSATION = "messaging.document_conversation"


def help_needed_on_question(*, document_id: int, author_id: int) -> int:
    """The office asked about the document: its open proposal needs the client's help."""
    doc = Document.objects.select_related("dossier").filter(pk=document_id).first()
    if doc is None:
        return 0
    author = get_user_model().objects.filter(pk=author_id).first()
    member = office_member(author) if author is not None else None
    if member is None or member.office_id != doc.dossier.office_id:
        return 0  # a client writing about their own document asks nothing of themselves
    marked = 0
    with transaction.atomic():
        for p in Proposal.objects.select_for_update().filter(document=doc, state=State.OPEN):
            p.help_needed = True
            reevaluate(p)
            Proposal.objects.filter(pk=p.pk).update(help_needed=True, status=p.status)
            marked += 1
    return marked
