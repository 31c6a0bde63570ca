"""Books, documents and extractions made directly, so service tests need no OCR."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from core.storage import blob_put
from documents.models import DocState, Document
from ledger.models import Counterparty, VatCode
from ledger.services.periods import fiscal_year_create
from ledger.services.posting import LineSpec, entry_post
from ledger.services.setup import books_activate
from recognition.models import Extraction

SUPPLIER_VAT = "BE0202239951"


def books(dossier, year: int = 2026):
    books_activate(actor=None, dossier=dossier, year=year)
    fiscal_year_create(actor=None, dossier=dossier, year=year, audit=False)
    return dossier


def supplier(dossier, *, vat=SUPPLIER_VAT, name="Proxibel Distribution SA", ref="PROXIBEL"):
    return Counterparty.objects.get_or_create(
        dossier=dossier,
        kind="supplier",
        reference=ref,
        defaults={"name": name, "vat_number": vat},
    )[0]


def history(dossier, cp, *, account="604000", vat_code="A6G", base="100.00", day=None, n=1):
    """`n` posted purchase invoices of `cp` (what learning reads)."""
    code = VatCode.objects.get(dossier=dossier, code=vat_code)
    base = Decimal(base)
    vat = (base * code.rate / 100).quantize(Decimal("0.01"))
    for i in range(n):
        lines = [LineSpec(account, debit=base, vat_code=vat_code, vat_base=base)]
        if vat:
            lines.append(LineSpec("411000", debit=vat, vat_code=vat_code))
        lines.append(LineSpec("440000", credit=base + vat, counterparty=cp))
        entry_post(
            actor=None,
            dossier=dossier,
            journal="ACH",
            date=day or dt.date(2026, 1, 5 + i),
            lines=lines,
            counterparty=cp,
        )


def sent_document(dossier, *, name="invoice.pdf", mailbox="purchases", data=None, **extraction):
    """A document sent to the office with an extraction (unless extraction=None is wanted)."""
    blob = blob_put(
        data or f"%PDF-1.4 {name} {dt.datetime.now()}".encode(), content_type="application/pdf"
    )
    doc = Document.objects.create(
        dossier=dossier,
        mailbox=mailbox,
        doc_type="sales_invoice" if mailbox == "sales" else "purchase_invoice",
        file_name=name,
        original=blob,
        source="upload",
        state=DocState.SENT,
        page_count=1,
    )
    if extraction.pop("none", False):
        return doc
    values = {
        "status": "ok",
        "source": "text",
        "mode": "automatic",
        "document_type": "invoice",
        "direction": "sales" if mailbox == "sales" else "purchase",
        "invoice_number": "F-2026-001",
        "issue_date": dt.date(2026, 3, 10),
        "currency": "EUR",
        "counterparty_name": "Proxibel Distribution SA",
        "counterparty_vat": SUPPLIER_VAT,
        "counterparty_key": f"vat:{SUPPLIER_VAT}",
        "total_excl_vat": Decimal("100.00"),
        "total_vat": Decimal("6.00"),
        "total_incl_vat": Decimal("106.00"),
        "vat_breakdown": [{"rate": "6", "base": "100.00", "vat": "6.00"}],
    }
    values.update(extraction)
    Extraction.objects.create(document=doc, version=blob.sha256, **values)
    return doc
