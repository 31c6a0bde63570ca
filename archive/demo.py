"""Demo data of the archive: booked documents behind the demo books' invoices (F5), so the
archive, histories and aged balances show real documents at first login."""

from __future__ import annotations

from decimal import Decimal

PER_DOSSIER = 24


def _belgian(amount: Decimal) -> str:
    whole, cents = f"{amount:.2f}".split(".")
    groups = f"{int(whole):,}".replace(",", ".")
    return f"{groups},{cents}"


def seed(ctx) -> None:
    from django.db.models import Sum
    from django.utils import timezone

    from archive.search.service import archive_reindex
    from core.storage import blob_put
    from documents.intake.builtin_steps import step_pages
    from documents.models import DocState, Document
    from documents.pdfgen import make_pdf
    from ledger.models import Entry

    for dossier in ctx.dossiers:
        if Entry.objects.filter(dossier=dossier, source="demo", document_id__isnull=False).exists():
            continue  # seeded already: load_demo runs twice without adding anything
        entries = list(
            Entry.objects.filter(
                dossier=dossier,
                source="demo",
                document_id__isnull=True,
                counterparty__isnull=False,
                journal__kind__in=["purchases", "sales"],
            )
            .select_related("journal", "counterparty")
            .annotate(total=Sum("lines__debit"))
            .order_by("date", "id")[:PER_DOSSIER]
        )
        for entry in entries:
            cp = entry.counterparty
            assert cp is not None  # filtered above
            sales = entry.journal.kind == "sales"
            lines = [
                cp.name,
                f"{'Facture' if sales else 'Invoice'} {entry.number}",
                f"Date {entry.date:%d/%m/%Y}",
                f"Total TVAC {_belgian(entry.total)} EUR",
            ]
            blob = blob_put(make_pdf([" - ".join(lines)]), content_type="application/pdf")
            doc = Document.objects.create(
                dossier=dossier,
                mailbox="sales" if sales else "purchases",
                doc_type="sales_invoice" if sales else "purchase_invoice",
                file_name=f"{entry.number}.pdf".replace("/", "-"),
                title=f"{cp.name} {entry.number}",
                original=blob,
                visual=blob,
                page_count=1,
                source="upload",
                state=DocState.BOOKED,
                office_number=entry.number,
                journal_code=entry.journal.code,
                booked_at=timezone.now(),
            )
            step_pages(doc)
            # The demo books were posted before their documents existed: link them as
            # booking does when it posts a proposal.
            Entry.objects.filter(pk=entry.pk).update(document_id=doc.pk)
        archive_reindex(dossier_ids=[dossier.pk])
