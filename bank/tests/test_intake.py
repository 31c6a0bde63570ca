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
