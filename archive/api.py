"""Archive API (F5): booked documents of a dossier, searched like the archive page."""

from __future__ import annotations

from datetime import date as Date

from ninja import Router, Schema
from ninja.decorators import decorate_view

from archive.search.service import MAX_RESULTS, ArchiveFilters, archive_search, paid_status
from tenancy.access import dossier_access
from tenancy.policy import Cap

router = Router(tags=["archive"])


class ArchiveRow(Schema):
    id: int  # the document's id (GET /api/documents/{id} and its files)
    office_number: str
    counterparty: str
    amount: str | None  # decimal string
    date: Date | None  # booking date
    paid: bool | None  # None: the booking has no open item


@router.get(
    "/dossiers/{dossier_id}/archive",
    response=list[ArchiveRow],
    summary="Booked documents, searched in their text (OCR included) and by amount however typed",
)
@decorate_view(dossier_access(Cap.ARCHIVE))
def archive(
    request,
    dossier_id: int,
    q: str = "",
    amount: str = "",
    date_from: Date | None = None,
    date_to: Date | None = None,
    counterparty: str = "",
):
    found = archive_search(
        user=request.user,
        dossier=request.dossier,
        filters=ArchiveFilters(
            q=q, amount=amount, date_from=date_from, date_to=date_to, counterparty=counterparty
        ),
    )
    rows = list(found[:MAX_RESULTS])
    paid = paid_status(rows)
    return [
        {
            "id": r.document_id,
            "office_number": r.office_number,
            "counterparty": r.counterparty_name,
            "amount": f"{r.amount:.2f}" if r.amount is not None else None,
            "date": r.date,
            "paid": paid[r.pk],
        }
        for r in rows
    ]
