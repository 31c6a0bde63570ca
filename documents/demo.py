"""Demo documents: a few invoices and a receipt per demo dossier, one already sent. Idempotent."""

from __future__ import annotations

from documents.models import Document, Mailbox, Source
from documents.pipeline import Incoming, IntakeMeta, intake_file

DEMO = [
    (
        "facture-electrabel-2026-03.pdf",
        Mailbox.PURCHASES,
        "purchase_invoice",
        ["FACTURE Electrabel SA - N° 2026-0412", "Total TVAC: 242,00 EUR"],
    ),
    (
        "factuur-proximus-maart.pdf",
        Mailbox.PURCHASES,
        "purchase_invoice",
        ["FACTUUR Proximus NV - nr 88412", "Totaal: 65,34 EUR"],
    ),
    (
        "facture-client-dupont-17.pdf",
        Mailbox.SALES,
        "sales_invoice",
        ["FACTURE 2026/017 - Client Dupont", "Total: 1.210,00 EUR"],
    ),
    ("ticket-parking.pdf", Mailbox.MISC, "receipt", ["Ticket parking Interparking", "12,50 EUR"]),
]


def seed(ctx) -> None:
    from documents.pdfgen import make_pdf
    from documents.services import document_send_to_office

    for dossier in ctx.dossiers[:3]:
        if Document.objects.filter(dossier=dossier, source_ref__startswith="demo:").exists():
            continue
        made = []
        for name, mailbox, doc_type, texts in DEMO:
            made += intake_file(
                Incoming(
                    dossier=dossier,
                    mailbox=mailbox,
                    source=Source.COMMAND,
                    file_name=name,
                    data=make_pdf([*texts, dossier.name]),
                    source_ref=f"demo:{name}",
                    meta=IntakeMeta(doc_type=doc_type),
                )
            )
        document_send_to_office(actor=None, documents=made[:1], summary="Démo")
