"""Demo proposals on the first demo dossier: a handful of small invoices in various statuses.

Idempotent: a dossier that already has proposals is left alone. Documents go through the
intake pipeline (sent to the office), extractions are written from what the PDF says, so
the demo needs no OCR and stays fast.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from booking.models import Proposal


def _pdf(lines: list[str]) -> bytes:
    import io

    import pikepdf

    pdf = pikepdf.Pdf.new()
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
        )
    )
    ops = "".join(
        f"BT /F1 12 Tf 50 {800 - 20 * i} Td ({t.replace('(', '').replace(')', '')}) Tj ET\n"
        for i, t in enumerate(lines)
    )
    page = pikepdf.Dictionary(
        Type=pikepdf.Name.Page,
        MediaBox=[0, 0, 595, 842],
        Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)),
        Contents=pdf.make_stream(ops.encode("latin-1")),
    )
    pdf.pages.append(pikepdf.Page(page))
    buf = io.BytesIO()
    pdf.save(buf)
    return buf.getvalue()


# The VAT numbers pass mod 97 and, but for the garage (a first invoice from a new
# supplier), are those of the demo ledger's counterparties (ledger/demo.py SUPPLIERS), so
# the proposals match them by VAT number, as real invoices do, not by name only.
INVOICES = [
    # name, vat, number, day, base, rate
    (
        "Proxibel Distribution SA",
        "BE0441123435",
        "PX-2026-0311",
        dt.date(2026, 3, 11),
        "412.50",
        "6",
    ),
    ("TelNet Belgium NV", "BE0444556641", "TN/26/0098", dt.date(2026, 3, 2), "89.90", "21"),
    ("Énergie Plus SCRL", "BE0402223366", "EP-88231", dt.date(2026, 3, 5), "230.00", "21"),
    ("Garage Dupont SRL", "BE0477889997", "GD-1207", dt.date(2026, 3, 14), "640.00", "21"),
    ("", "", "", None, "", ""),
]


def seed(ctx) -> None:
    from booking import services
    from core.storage import blob_put
    from documents.intake.builtin_steps import step_pages
    from documents.models import DocState, Document
    from recognition.models import Extraction

    if not ctx.dossiers:
        return
    dossier = ctx.dossiers[0]
    if Proposal.objects.filter(dossier=dossier).exists() or not hasattr(dossier, "books"):
        return
    for i, (name, vat, number, day, base, rate) in enumerate(INVOICES):
        text = [name or "Ticket", f"TVA {vat}", f"Facture {number}", f"Date {day or ''}"]
        b = Decimal(base) if base else None
        v = (b * Decimal(rate) / 100).quantize(Decimal("0.01")) if b is not None else None
        if b is not None:
            text += [f"Total HTVA {b}", f"TVA {rate}% {v}", f"Total TVAC {b + v}"]
        blob = blob_put(_pdf(text), content_type="application/pdf")
        doc = Document.objects.create(
            dossier=dossier,
            mailbox="purchases",
            doc_type="purchase_invoice",
            file_name=f"demo-{i + 1}.pdf",
            title=name or "Ticket",
            original=blob,
            source="upload",
            state=DocState.SENT,
            page_count=1,
            visual=blob,
        )
        # Made without the intake pipeline (no OCR needed): its pages step still has to run,
        # or the lists and the annotation screen ask for thumbnails that do not exist.
        step_pages(doc)
        if name:
            Extraction.objects.create(
                document=doc,
                version=blob.sha256,
                status="ok",
                source="text",
                mode="automatic",
                document_type="invoice",
                direction="purchase",
                invoice_number=number,
                issue_date=day,
                currency="EUR",
                counterparty_name=name,
                counterparty_vat=vat,
                counterparty_key=f"vat:{vat}",
                total_excl_vat=b,
                total_vat=v,
                total_incl_vat=b + v,
                vat_breakdown=[{"rate": rate, "base": str(b), "vat": str(v)}],
            )
        else:
            Extraction.objects.create(
                document=doc,
                version=blob.sha256,
                status="nothing_recognised",
                source="text",
                mode="automatic",
            )
        services.proposal_create_for_document(document_id=doc.pk)
