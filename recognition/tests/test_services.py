"""recognize_document, corrections (C9), duplicates (B10), modes (C1) and usage (C10)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from unittest import mock

import pytest

from core.storage import blob_put
from core.texts import render
from documents.models import Document, DocumentStep
from recognition import services
from recognition.models import (
    CounterpartyMemory,
    DossierRecognitionSettings,
    Extraction,
    ProcessingMode,
    UsageCounter,
)
from recognition.tasks import recognize_document_task

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"
COOLBLUE = CORPUS / "4_pdf_invoices/invoice2data/coolblue1.pdf"
UBL = CORPUS / "1_ubl_peppol/peppol-bis-invoice-3/examples__base-example.xml"

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not COOLBLUE.exists(), reason="corpus not available"),
]


def make_document(
    dossier, data: bytes, name: str = "invoice.pdf", mailbox: str = "purchases"
) -> Document:
    blob = blob_put(data, content_type="application/pdf")
    return Document.objects.create(
        dossier=dossier,
        mailbox=mailbox,
        doc_type="purchase_invoice",
        file_name=name,
        original=blob,
        source="upload",
    )


def step(document) -> DocumentStep:
    return DocumentStep.objects.get(document=document, name="extraction")


def test_it_extracts_the_fields_of_a_text_pdf(world):
    doc = make_document(world.dossier, COOLBLUE.read_bytes())
    extraction = services.recognize_document(document_id=doc.pk)
    assert extraction.status == "ok" and extraction.source == "text"
    assert extraction.invoice_number == "993548900"
    assert extraction.total_incl_vat == Decimal("717.97")
    assert extraction.issue_date == dt.date(2014, 4, 19)
    assert extraction.counterparty_vat == "NL810433941B01"
    assert extraction.fields["total_incl_vat"]["confidence"] > 0.8
    assert extraction.fields["total_incl_vat"]["box"]
    assert extraction.words and extraction.words[0]
    assert step(doc).status == "done"


def test_it_replaces_the_extraction_when_run_again(world):
    doc = make_document(world.dossier, COOLBLUE.read_bytes())
    recognize_document_task.enqueue(doc.pk)
    recognize_document_task.enqueue(doc.pk)
    assert Extraction.objects.filter(document=doc).count() == 1
    assert step(doc).attempts == 2


def test_it_reads_a_ubl_exactly_with_its_validation_report(world):
    doc = make_document(world.dossier, UBL.read_bytes(), name="invoice.xml")
    extraction = services.recognize_document(document_id=doc.pk)
    assert extraction.source == "xml"
    assert extraction.total_incl_vat == Decimal("1656.25")
    assert extraction.validation["valid"] is True
    assert {r["name"]: r["checked"] for r in extraction.validation["results"]}["PEPPOL"] is False


def test_it_flags_the_same_invoice_arriving_twice(world):
    first = make_document(world.dossier, COOLBLUE.read_bytes())
    second = make_document(world.dossier, COOLBLUE.read_bytes(), name="again.pdf")
    services.recognize_document(document_id=first.pk)
    extraction = services.recognize_document(document_id=second.pk)
    assert extraction.possible_duplicate_of == first


def test_it_does_not_flag_a_duplicate_across_dossiers(world):
    first = make_document(world.dossier, COOLBLUE.read_bytes())
    other = make_document(world.other_dossier, COOLBLUE.read_bytes())
    services.recognize_document(document_id=first.pk)
    assert services.recognize_document(document_id=other.pk).possible_duplicate_of is None


def test_it_remembers_a_correction_for_the_next_document_of_that_counterparty(world):
    first = make_document(world.dossier, COOLBLUE.read_bytes())
    extraction = services.recognize_document(document_id=first.pk)
    # Say this supplier's invoices are known by their customer number instead.
    services.extraction_correct(
        actor=world.collaborator, extraction_id=extraction.pk, changes={"invoice_number": "6669263"}
    )
    memory = CounterpartyMemory.objects.get(dossier=world.dossier)
    assert memory.key == "vat:NL810433941B01"
    assert memory.hints["invoice_number"]["label"] == "klantnummer"
    second = make_document(world.dossier, COOLBLUE.read_bytes(), name="next.pdf")
    learned = services.recognize_document(document_id=second.pk)
    assert learned.invoice_number == "6669263"
    assert learned.fields["invoice_number"]["source"] == "learned"
    # Another dossier has its own memory.
    other = make_document(world.other_dossier, COOLBLUE.read_bytes())
    assert services.recognize_document(document_id=other.pk).invoice_number == "993548900"


def test_it_skips_recognition_in_transport_mode_and_still_counts(world):
    DossierRecognitionSettings.objects.create(dossier=world.dossier, mode=ProcessingMode.TRANSPORT)
    doc = make_document(world.dossier, COOLBLUE.read_bytes())
    assert services.recognize_document(document_id=doc.pk) is None
    assert step(doc).status == "skipped"
    counter = UsageCounter.objects.get(dossier=world.dossier, mode="transport")
    assert counter.documents == 1


def test_it_uses_the_journals_mode_over_the_dossiers(world):
    DossierRecognitionSettings.objects.create(
        dossier=world.dossier, mode=ProcessingMode.AUTOMATIC, journal_modes={"ACH": "verified"}
    )
    doc = make_document(world.dossier, COOLBLUE.read_bytes())
    doc.journal_code = "ACH"
    doc.save()
    assert services.recognize_document(document_id=doc.pk).mode == "verified"


def test_it_counts_usage_per_dossier_mode_and_day(world):
    for _ in range(2):
        services.recognize_document(
            document_id=make_document(world.dossier, COOLBLUE.read_bytes()).pk
        )
    counter = UsageCounter.objects.get(dossier=world.dossier, mode="automatic")
    assert (counter.documents, counter.pages) == (2, 2)


def test_it_marks_the_step_failed_with_a_reason_on_a_technical_error(world):
    doc = make_document(world.dossier, COOLBLUE.read_bytes())
    with mock.patch.object(services, "recognize_bytes", side_effect=RuntimeError("boom")):
        assert services.recognize_document(document_id=doc.pk) is None
    s = step(doc)
    assert s.status == "failed" and s.reason["msgid"] == services.TECHNICAL_ERROR_OF
    assert render(s.reason) and "RuntimeError" in render(s.reason)
    # A retry works and replaces the failure.
    services.recognize_document(document_id=doc.pk)
    assert step(doc).status == "done"


def test_it_keeps_an_unreadable_upload_with_a_clear_status(world):
    doc = make_document(world.dossier, b"%PDF-1.4 this is not a pdf", name="broken.pdf")
    extraction = services.recognize_document(document_id=doc.pk)
    assert extraction.status == "unreadable" and extraction.reason
    assert Document.objects.filter(pk=doc.pk).exists()
    assert step(doc).status == "done"


def test_the_command_prints_one_json_object_per_file(capsys):
    import json

    from django.core.management import call_command

    call_command("recognize", str(COOLBLUE), str(UBL), "--json")
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert first["invoice_number"] == "993548900" and first["source"] == "text"
    assert second["source"] == "xml" and second["total_incl_vat"] == "1656.25"
    for key in (
        "file",
        "document_type",
        "issue_date",
        "due_date",
        "currency",
        "seller",
        "buyer",
        "iban",
        "payment_reference",
        "total_excl_vat",
        "total_vat",
        "total_incl_vat",
        "payable_amount",
        "vat_breakdown",
        "seconds",
    ):
        assert key in first
