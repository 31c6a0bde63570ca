from __future__ import annotations

from pathlib import Path

import pytest

from recognition import services
from recognition.tests.test_services import make_document

COOLBLUE = (
    Path(__file__).resolve().parents[2]
    / ".."
    / "shared"
    / "corpus"
    / "4_pdf_invoices/invoice2data/coolblue1.pdf"
)

pytestmark = [pytest.mark.django_db, pytest.mark.skipif(not COOLBLUE.exists(), reason="corpus")]


def test_it_shows_the_extraction_to_a_collaborator_of_the_dossier(world):
    from documents.services import document_send_to_office

    doc = make_document(world.dossier, COOLBLUE.read_bytes())
    services.recognize_document(document_id=doc.pk)
    # The office opens what the client sent (or everything, with the client's A6 consent).
    document_send_to_office(actor=world.clients["full_access"], documents=[doc])
    response = world.client_for(world.collaborator).get(f"/documents/{doc.pk}/extraction/")
    assert response.status_code == 200
    assert "993548900" in response.content.decode()


def test_it_hides_the_extraction_from_an_outsider(world):
    doc = make_document(world.dossier, COOLBLUE.read_bytes())
    services.recognize_document(document_id=doc.pk)
    response = world.client_for(world.outsider).get(f"/documents/{doc.pk}/extraction/")
    assert response.status_code == 404
