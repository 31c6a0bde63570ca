"""Booked documents behind real entries, for the archive's tests.

Three invoices of the feedback test books get a document each:
- S26-1 (Acme, 2,000.00, paid in March): page text "Facture électricité Janvier", labels ["energie"];
- S26-2 (Acme, 500.00, open): a scan whose OCR words read "Rechnung Wartung 1.500,00" (German);
- P26-1 (Supplier NV, 300.00, open): page text "Factuur onderhoud 150,00 BTW".
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from archive.search.service import archive_index_document
from core.storage import blob_put
from documents.models import DocState, Document, DocumentPage
from documents.pdfgen import make_pdf
from ledger.models import Entry
from recognition.models import Extraction


@dataclass
class Archived:
    electricity: Document  # S26-1
    maintenance_de: Document  # S26-2
    maintenance_nl: Document  # P26-1


def booked_document(world, number: str, *, text: str = "", ocr: str = "", labels=()) -> Document:
    entry = Entry.objects.get(dossier=world.dossier, number=number)
    blob = blob_put(make_pdf([text or "scan"]), content_type="application/pdf")
    doc = Document.objects.create(
        dossier=world.dossier,
        mailbox="sales" if number.startswith("S") else "purchases",
        doc_type="sales_invoice" if number.startswith("S") else "purchase_invoice",
        file_name=f"{number}.pdf",
        title=f"doc {number}",
        original=blob,
        visual=blob,
        source="upload",
        state=DocState.BOOKED,
        office_number=number,
        journal_code=entry.journal.code,
        booked_at=timezone.now(),
        labels=list(labels),
    )
    DocumentPage.objects.create(document=doc, number=1, thumb=blob, text=text)
    if ocr:
        Extraction.objects.create(
            document=doc,
            version=blob.sha256,
            status="ok",
            source="ocr",
            mode="automatic",
            words=[[[w, 0, 0, 0, 0] for w in ocr.split()]],
        )
    Entry.objects.filter(pk=entry.pk).update(document_id=doc.pk)
    archive_index_document(doc.pk)
    return doc


def archive_books(world) -> Archived:
    return Archived(
        electricity=booked_document(
            world, "S26-1", text="Facture électricité Janvier", labels=["Energie"]
        ),
        maintenance_de=booked_document(world, "S26-2", ocr="Rechnung Wartung 1.500,00"),
        maintenance_nl=booked_document(world, "P26-1", text="Factuur onderhoud 150,00 BTW"),
    )
