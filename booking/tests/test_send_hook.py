"""A document sent to the office becomes a proposal by itself (C4), whatever the order of
recognition and sending."""

from __future__ import annotations

from booking.models import Proposal
from documents.intake import Incoming, intake_file
from documents.models import DocState
from documents.pdfgen import make_pdf
from documents.services import document_send_to_office

INVOICE = (
    "FACTURE 2026-0042 Date 12/03/2026 Fournisseur Papeterie Leroy SRL TVA BE0412345614 "
    "Total HTVA 100,00 TVA 21% 21,00 Total TVAC 121,00"
)


def test_sending_a_recognised_document_makes_its_proposal(
    world, django_capture_on_commit_callbacks, settings
):
    settings.FIDU_RECOGNITION_ON_INTAKE = True
    user = world.clients["full_access"]
    with django_capture_on_commit_callbacks(execute=True):
        [doc] = intake_file(
            Incoming(
                dossier=world.dossier,
                mailbox="purchases",
                source="upload",
                file_name="facture.pdf",
                data=make_pdf([INVOICE]),
                actor=user,
            )
        )
    doc.refresh_from_db()
    assert doc.state == DocState.INBOX and not Proposal.objects.filter(document=doc).exists()
    with django_capture_on_commit_callbacks(execute=True):
        document_send_to_office(actor=user, documents=[doc])
    proposal = Proposal.objects.get(document=doc)
    assert proposal.dossier_id == world.dossier.pk
    assert proposal.invoice_number == "2026-0042"


def test_misc_documents_get_no_proposal(world, django_capture_on_commit_callbacks):
    user = world.clients["full_access"]
    with django_capture_on_commit_callbacks(execute=True):
        [doc] = intake_file(
            Incoming(
                dossier=world.dossier,
                mailbox="misc",
                source="upload",
                file_name="contrat.pdf",
                data=make_pdf(["Contrat de bail"]),
                actor=user,
            )
        )
        document_send_to_office(actor=user, documents=[doc])
    assert not Proposal.objects.filter(document=doc).exists()
