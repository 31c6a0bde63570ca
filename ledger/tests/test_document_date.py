"""An entry keeps the invoice's own date beside its booking date and period: an invoice
dated in a closed period is booked in an open one and shows its date everywhere."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date

import pytest
from django.urls import reverse

from ledger.interchange.winbooks import ACT_FIELDS, CSF_FIELDS
from ledger.models import Counterparty, Entry, Period
from ledger.services.interchange import books_export, import_apply, import_check
from ledger.services.posting import EntrySpec, LineSpec, entries_post_many

INVOICE_DAY = date(2025, 1, 20)
BOOKED_ON = date(2025, 3, 10)


def _purchase(world, supplier, **spec):
    lines = [
        LineSpec("613000", debit="100.00", vat_code="A21S", vat_base="100.00"),
        LineSpec("411000", debit="21.00", vat_code="A21S"),
        LineSpec("440000", credit="121.00"),
    ]
    return entries_post_many(
        actor=world.admin,
        dossier=world.dossier,
        specs=[
            EntrySpec(journal="ACH", date=BOOKED_ON, lines=lines, counterparty=supplier, **spec)
        ],
    )[0]


@pytest.fixture
def january_closed(world, books):
    Period.objects.filter(dossier=world.dossier, start=date(2025, 1, 1)).update(closed=True)


def test_the_invoice_date_is_kept_beside_the_booking_date(world, january_closed, supplier):
    entry = _purchase(world, supplier, document_date=INVOICE_DAY)
    entry.refresh_from_db()
    assert (entry.date, entry.document_date) == (BOOKED_ON, INVOICE_DAY)
    assert entry.period.start == date(2025, 3, 1)


def test_without_a_document_date_the_entry_date_is_the_document_date(world, books, supplier):
    entry = _purchase(world, supplier)
    entry.refresh_from_db()
    assert entry.document_date == BOOKED_ON


def test_the_invoice_date_is_read_from_the_recognised_document(world, january_closed, supplier):
    """A booking sent from a proposal gives the document; the corrected issue date is on
    its extraction."""
    from core.storage import blob_put
    from documents.models import DocState, Document
    from recognition.models import Extraction

    blob = blob_put(b"%PDF-1.4 invoice", content_type="application/pdf")
    doc = Document.objects.create(
        dossier=world.dossier,
        mailbox="purchases",
        doc_type="purchase_invoice",
        file_name="f.pdf",
        original=blob,
        source="upload",
        state=DocState.SENT,
        page_count=1,
    )
    Extraction.objects.create(
        document=doc,
        version=blob.sha256,
        status="ok",
        source="text",
        mode="automatic",
        issue_date=INVOICE_DAY,
    )
    entry = _purchase(world, supplier, document_id=doc.pk)
    entry.refresh_from_db()
    assert entry.document_date == INVOICE_DAY


def test_the_document_date_shows_on_the_pages_and_in_every_export(world, january_closed, supplier):
    entry = _purchase(world, supplier, document_date=INVOICE_DAY, number="2025-00007")
    c = world.client_for(world.admin)
    d = world.dossier.pk
    page = c.get(reverse("ledger_entry", args=[d, entry.pk])).content.decode()
    assert 'data-testid="document-date">01/20/2025<' in page or (
        'data-testid="document-date">20/01/2025<' in page
    )
    listing = c.get(reverse("ledger_entries", args=[d])).content.decode()
    assert "01/20/2025" in listing or "20/01/2025" in listing
    # JSON and CSV exports
    _n, data, _ct = books_export(dossier=world.dossier, fmt="json")
    doc = json.loads(data)
    exported = next(e for e in doc["entries"] if e["number"] == "2025-00007")
    assert (exported["date"], exported["document_date"]) == ("2025-03-10", "2025-01-20")
    _n, data, _ct = books_export(dossier=world.dossier, fmt="csv")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert {(r["date"], r["document_date"]) for r in rows} == {("2025-03-10", "2025-01-20")}
    # WinBooks ACT: DATE is the booking date, DATEDOC the invoice's
    _n, data, _ct = books_export(dossier=world.dossier, fmt="winbooks")
    act = zipfile.ZipFile(io.BytesIO(data)).read("ACT.txt").decode("cp1252")
    rows = list(csv.DictReader(io.StringIO(act), fieldnames=ACT_FIELDS))
    assert len(rows) == 3
    assert {(r["DATE"], r["DATEDOC"], r["PERIOD"]) for r in rows} == {
        ("20250310", "20250120", "03")
    }


def test_an_imported_file_keeps_the_document_date(world, books, supplier):
    from ledger.services.setup import books_activate

    _purchase(world, supplier, document_date=INVOICE_DAY, number="2025-00009")
    _n, data, _ct = books_export(dossier=world.dossier, fmt="json")
    books_activate(actor=world.admin, dossier=world.other_dossier, year=2025)
    doc = json.loads(data)
    # Only the entry and its supplier; the target's chart and codes are the standard ones.
    small = {
        "format": "fidu-ledger",
        "version": 1,
        "counterparties": doc["counterparties"],
        "entries": doc["entries"],
    }
    run = import_check(
        actor=world.admin,
        dossier=world.other_dossier,
        filename="books.json",
        data=json.dumps(small).encode(),
    )
    assert run.status == "checked", run.report["errors"]
    import_apply(actor=world.admin, run=run)
    copied = Entry.objects.get(dossier=world.other_dossier, number="2025-00009")
    assert (copied.date, copied.document_date) == (BOOKED_ON, INVOICE_DAY)


def _csf(world) -> dict[str, dict[str, str]]:
    entries = list(Entry.objects.filter(dossier=world.dossier))
    _n, data, _ct = books_export(dossier=world.dossier, fmt="winbooks", entries=entries)
    text = zipfile.ZipFile(io.BytesIO(data)).read("CSF.txt").decode("cp1252")
    return {r["NUMBER"]: r for r in csv.DictReader(io.StringIO(text), fieldnames=CSF_FIELDS)}


def test_winbooks_csf_writes_each_counterparty_own_country_and_vat_number(world, books):
    # Created from an invoice: the country field kept its default BE.
    nl = Counterparty.objects.create(
        dossier=world.dossier,
        kind="supplier",
        reference="NLSUP",
        name="Leverancier BV",
        vat_number="NL859327046B01",
    )
    de = Counterparty.objects.create(
        dossier=world.dossier,
        kind="supplier",
        reference="DESUP",
        name="Lieferant GmbH",
        vat_number="DE129273398",
        country="DE",
    )
    be = Counterparty.objects.create(
        dossier=world.dossier,
        kind="supplier",
        reference="BESUP",
        name="Fournisseur SRL",
        vat_number="BE0477889955",
    )
    us = Counterparty.objects.create(
        dossier=world.dossier, kind="supplier", reference="USSUP", name="Cloud Inc", country="US"
    )
    for cp in (nl, de, be, us):
        _purchase(world, cp)
    csf = _csf(world)
    got = {ref: (r["COUNTRY"], r["VATNUMBER"], r["TYPE"]) for ref, r in csf.items()}
    assert got == {
        "NLSUP": ("NL", "859327046B01", "2"),
        "DESUP": ("DE", "129273398", "2"),
        "BESUP": ("BE", "0477.889.955", "2"),
        "USSUP": ("US", "", "2"),
    }
    assert csf["NLSUP"]["NAME1"] == "Leverancier BV"
