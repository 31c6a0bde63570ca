"""Sample objects for the permission harness (tenancy/tests)."""

from __future__ import annotations

from booking import services
from booking.models import Question
from booking.tests import factories


def _proposal(dossier):
    factories.books(dossier)
    doc = factories.sent_document(dossier, name=f"sample-{dossier.pk}.pdf")
    return services.proposal_create_for_document(document_id=doc.pk)


def _question(dossier):
    p = _proposal(dossier)
    return Question.objects.create(proposal=p, document=p.document, dossier=dossier, text="?")


SAMPLES = {"booking.Proposal": _proposal, "booking.Question": _question}
