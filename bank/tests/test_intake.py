"""A CODA file handed in through any channel is the bank's: imported, filed as a bank
statement, never read or booked as an invoice (issue 13)."""

from __future__ import annotations

from decimal import Decimal

from bank.models import Statement
from bank.tests.coda import coda_file
from booking.models import Proposal
from core.texts import render
from documents.models import DocType, DocumentStep, Mailbox

D = Decimal


def test_a_coda_file_sent_to_the_purchases_mailbox_becomes_a_bank_statement(world, handed_in):
    data = coda_file(movements=[(D("-121.00"), "Fournisseur SA", "BE71096123456769", "")])
    [doc] = handed_in(file=data, name="extrait-042.cod", mailbox="purchases", source="email")
    doc.refresh_from_db()
    assert Statement.objects.filter(dossier=world.dossier).count() == 1
    assert (doc.doc_type, doc.mailbox) == (DocType.BANK_STATEMENT, Mailbox.MISC)
    assert doc.folder is not None and doc.folder.name == "Extraits bancaires"  # dossier in French
    steps = dict(DocumentStep.objects.filter(document=doc).values_list("name", "status"))
    assert steps["bank_statement"] == "done"
    assert steps["extraction"] == "skipped"
    assert not Proposal.objects.filter(document=doc).exists()


def test_a_broken_coda_file_is_kept_and_says_which_line(world, handed_in):
    data = coda_file().replace(b"\r\n8", b"\r\n7", 1)
    [doc] = handed_in(file=data, name="broken.cod")
    step = DocumentStep.objects.get(document=doc, name="bank_statement")
    assert step.status == "failed"
    assert render(step.reason).startswith("Line 3:")  # the new balance record, renamed 7
    assert not Statement.objects.exists()
    assert doc.original_id  # the original is kept


def test_an_invoice_is_not_a_bank_statement(world, handed_in):
    [doc] = handed_in()
    step = DocumentStep.objects.get(document=doc, name="bank_statement")
    assert step.status == "skipped"
    doc.refresh_from_db()
    assert doc.doc_type == DocType.PURCHASE_INVOICE


def test_the_banks_pdf_mailed_with_its_coda_file_is_filed_beside_it_and_an_invoice_is_not(
    world, django_capture_on_commit_callbacks
):
    from email.message import EmailMessage

    from documents.intake.mail import Route, ingest_mail
    from documents.models import Document, Source
    from documents.pdfgen import make_pdf

    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "noreply@bank.test", "in@fidu.test", "Extrait 42"
    msg["Message-ID"] = "<statement-42@bank.test>"
    msg.set_content("Votre extrait de compte.")
    attachments = [
        ("extrait-042.cod", coda_file(account="BE68539007547034")),
        ("extrait-042.pdf", make_pdf(["Extrait de compte 42", "Compte BE68 5390 0754 7034"])),
        ("facture.pdf", make_pdf(["Facture 2026-7", "IBAN BE71 0961 2345 6769"])),
    ]
    for name, data in attachments:
        msg.add_attachment(data, maintype="application", subtype="octet-stream", filename=name)
    with django_capture_on_commit_callbacks(execute=True):
        ingest_mail(
            raw=msg.as_bytes(), route=Route(world.dossier, "purchases"), source=Source.EMAIL
        )
    # The door names a file by what it is: the CODA file, plain text, ends in .txt.
    docs = {d.file_name: d for d in Document.objects.filter(dossier=world.dossier)}
    assert docs["extrait-042.txt"].doc_type == DocType.BANK_STATEMENT
    pdf = docs["extrait-042.pdf"]
    assert (pdf.doc_type, pdf.mailbox) == (DocType.BANK_STATEMENT, Mailbox.MISC)
    assert pdf.folder_id == docs["extrait-042.txt"].folder_id
    assert not Proposal.objects.filter(document=pdf).exists()
    invoice = docs["facture.pdf"]
    assert (invoice.doc_type, invoice.mailbox) == (DocType.PURCHASE_INVOICE, Mailbox.PURCHASES)
    assert Statement.objects.filter(dossier=world.dossier).count() == 1
