"""Where proposals come from (issue 12): the intake pipeline's `proposal` step, the
`documents.sent` event and the `recognition.extracted` event; never a page being opened."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from booking import services
from booking.models import Kind, Proposal, Status
from booking.pipeline import step_proposal
from booking.tests import factories
from core import extensions
from core.models import AuditEvent
from documents.models import DocumentStep, StepStatus
from recognition.models import Extraction

pytestmark = pytest.mark.django_db


def _read_by_recognition(doc, **values):
    """What recognition stores once it has read the invoice."""
    fields = {
        "status": "ok",
        "source": "text",
        "mode": "automatic",
        "document_type": "invoice",
        "direction": "purchase",
        "invoice_number": "LATE-1",
        "issue_date": dt.date(2026, 3, 10),
        "currency": "EUR",
        "counterparty_name": "Proxibel Distribution SA",
        "counterparty_vat": factories.SUPPLIER_VAT,
        "counterparty_key": f"vat:{factories.SUPPLIER_VAT}",
        "total_excl_vat": Decimal("100.00"),
        "total_vat": Decimal("6.00"),
        "total_incl_vat": Decimal("106.00"),
        "vat_breakdown": [{"rate": "6", "base": "100.00", "vat": "6.00"}],
    }
    fields.update(values)
    return Extraction.objects.create(document=doc, version=doc.original.sha256, **fields)


def test_opening_the_worklist_writes_nothing(books, world):
    doc = factories.sent_document(books)
    audits = AuditEvent.objects.count()
    r = world.client_for(world.collaborator).get(f"/d/{books.pk}/worklist/")
    assert r.status_code == 200 and "Nothing to process here." in r.content.decode()
    assert not Proposal.objects.filter(document=doc).exists()
    assert AuditEvent.objects.count() == audits


def test_an_auto_forwarded_document_opened_early_gets_the_invoice_read_later(books, world):
    # Auto-forwarded: sent to the office while recognition has not read it yet.
    doc = factories.sent_document(books, none=True)
    DocumentStep.objects.create(document=doc, name="extraction", status=StepStatus.RUNNING)
    DocumentStep.objects.create(document=doc, name="proposal", status=StepStatus.PENDING)
    world.client_for(world.collaborator).get(f"/d/{books.pk}/worklist/")
    assert not Proposal.objects.filter(document=doc).exists()
    # The documents.sent event leaves it to the pipeline's own step too.
    extensions.notify("documents.sent", [doc.pk])
    assert not Proposal.objects.filter(document=doc).exists()
    # Recognition reads it; the pipeline's proposal step builds from what was read.
    _read_by_recognition(doc)
    assert step_proposal(doc) is None
    p = Proposal.objects.get(document=doc)
    assert (p.invoice_number, p.total, p.kind) == ("LATE-1", Decimal("106.00"), Kind.OCR)


def test_a_later_extraction_rebuilds_an_untouched_proposal(
    books, world, django_capture_on_commit_callbacks
):
    doc = factories.sent_document(books, none=True)
    empty = services.proposal_create_for_document(document_id=doc.pk)
    assert empty.kind == Kind.MANUAL and empty.invoice_number == "" and empty.total is None
    _read_by_recognition(doc)
    with django_capture_on_commit_callbacks(execute=True):
        extensions.notify("recognition.extracted", document_id=doc.pk)
    p = Proposal.objects.get(pk=empty.pk)
    assert (p.invoice_number, p.total, p.kind) == ("LATE-1", Decimal("106.00"), Kind.OCR)
    assert p.status == Status.COMPLETE and p.lines.count() == 1


def test_a_later_extraction_leaves_a_corrected_proposal_alone(
    books, world, django_capture_on_commit_callbacks
):
    doc = factories.sent_document(books, none=True)
    p = services.proposal_create_for_document(document_id=doc.pk)
    services.proposal_update(
        actor=world.collaborator,
        proposal_id=p.pk,
        version=p.version,
        changes={"invoice_number": "TYPED-BY-HAND"},
    )
    _read_by_recognition(doc)
    with django_capture_on_commit_callbacks(execute=True):
        extensions.notify("recognition.extracted", document_id=doc.pk)
    assert Proposal.objects.get(pk=p.pk).invoice_number == "TYPED-BY-HAND"


def test_the_sync_command_skips_documents_still_being_processed(books):
    busy = factories.sent_document(books, name="busy.pdf", none=True)
    DocumentStep.objects.create(document=busy, name="proposal", status=StepStatus.PENDING)
    ready = factories.sent_document(books, name="ready.pdf")
    assert services.proposals_create_missing(dossier=books) == 1
    assert Proposal.objects.filter(document=ready).exists()
    assert not Proposal.objects.filter(document=busy).exists()
