"""The archive's one search service (F5): keep the index, answer searches.

Callers (pages, API, export, the reindex command, event handlers) use only these functions;
which full-text engine runs underneath is `backends.backend()`'s business.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date as Date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet, Sum

from archive.models import ArchiveAmount, ArchiveEntry, PaidMark
from archive.search import normalise
from archive.search.backends import backend
from documents.models import DocState, Document, DocumentPage
from documents.selectors import documents_for_user
from ledger.models import Entry, EntryLine, Match
from recognition.models import Extraction

ZERO = Decimal("0.00")
MAX_RESULTS = 5000  # a selection larger than this is narrowed down before it is exported


# --- the index


def _booking_entry(document_id: int) -> Entry | None:
    """The entry that books the document now (a reversed one no longer does)."""
    return (
        Entry.objects.filter(document_id=document_id, reversal_of__isnull=True)
        .filter(reversed_by__isnull=True)
        .select_related("journal", "period__fiscal_year", "counterparty")
        .order_by("-posted_at", "-id")
        .first()
    )


def _amount_of(entry: Entry) -> Decimal:
    items = list(entry.lines.filter(is_open_item=True).values_list("debit", "credit"))
    if items:
        return sum((abs(d - c) for d, c in items), ZERO)
    return entry.lines.aggregate(t=Sum("debit"))["t"] or ZERO


def _extraction_texts(document: Document) -> tuple[list[str], set[int]]:
    ex = (
        Extraction.objects.filter(document=document, version=document.original.sha256)
        .order_by("-id")
        .first()
        or Extraction.objects.filter(document=document).order_by("-id").first()
    )
    if ex is None:
        return [], set()
    texts = [ex.invoice_number, ex.counterparty_name, ex.payment_reference]
    # OCR words of a scan (its text layer may not be in the pages yet).
    for page in ex.words or []:
        texts.append(" ".join(str(w[0]) for w in page if w))
    money = {
        normalise.cents(v)
        for v in (ex.total_excl_vat, ex.total_vat, ex.total_incl_vat, ex.payable_amount)
        if v is not None
    }
    return texts, money


def archive_index_document(document_id: int) -> ArchiveEntry | None:
    """Write (or drop) the index row of one document from its current state and booking."""
    doc = Document.objects.select_related("original").filter(pk=document_id).first()
    engine = backend()
    with transaction.atomic():
        if doc is None or doc.state != DocState.BOOKED:
            gone = list(
                ArchiveEntry.objects.filter(document_id=document_id).values_list("pk", flat=True)
            )
            if gone:
                engine.forget(gone)
                ArchiveEntry.objects.filter(pk__in=gone).delete()
            return None
        entry = _booking_entry(doc.pk)
        page_texts = list(
            DocumentPage.objects.filter(document=doc)
            .order_by("number")
            .values_list("text", flat=True)
        )
        ex_texts, ex_amounts = _extraction_texts(doc)
        cp = entry.counterparty if entry else None
        fields: dict[str, Any] = {
            "dossier_id": doc.dossier_id,
            "entry": entry,
            "journal_code": entry.journal.code if entry else doc.journal_code,
            "fiscal_year": entry.period.fiscal_year if entry else None,
            "period": entry.period if entry else None,
            "office_number": doc.office_number or (entry.number if entry else ""),
            "counterparty": cp,
            "counterparty_name": cp.name if cp else "",
            "amount": _amount_of(entry) if entry else None,
            "date": entry.date if entry else (doc.booked_at.date() if doc.booked_at else None),
        }
        texts: list[str] = [
            doc.title,
            doc.file_name,
            str(fields["office_number"]),
            str(fields["counterparty_name"]),
            " ".join(str(x) for x in doc.labels or []),
            *page_texts,
            *ex_texts,
        ]
        fields["body"] = normalise.body(*texts)
        row, _ = ArchiveEntry.objects.update_or_create(document=doc, defaults=fields)
        amounts = ex_amounts | normalise.amounts_in("\n".join(t for t in texts if t))
        if row.amount is not None:
            amounts.add(normalise.cents(row.amount))
        ArchiveAmount.objects.filter(entry=row).delete()
        ArchiveAmount.objects.bulk_create(
            [ArchiveAmount(entry=row, dossier_id=row.dossier_id, cents=c) for c in sorted(amounts)]
        )
        engine.store([(row.pk, row.body)])
    return row


def archive_reindex(*, dossier_ids: Iterable[int] | None = None) -> int:
    """Rebuild the index (every booked document, or those of some dossiers); returns the count."""
    docs = Document.objects.filter(state=DocState.BOOKED)
    stale = ArchiveEntry.objects.exclude(document__state=DocState.BOOKED)
    if dossier_ids is not None:
        ids = list(dossier_ids)
        docs, stale = docs.filter(dossier_id__in=ids), stale.filter(dossier_id__in=ids)
    for pk in stale.values_list("document_id", flat=True):
        archive_index_document(pk)
    n = 0
    for pk in docs.values_list("pk", flat=True).iterator():
        archive_index_document(pk)
        n += 1
    return n


# --- searching


@dataclass(frozen=True)
class ArchiveFilters:
    q: str = ""
    amount: str = ""  # typed however the user likes: 150 / 150,00 / 1.500,00
    amount_min: Decimal | None = None
    amount_max: Decimal | None = None
    date_from: Date | None = None
    date_to: Date | None = None
    fiscal_year_id: int | None = None
    period_id: int | None = None
    journal: str = ""
    counterparty: str = ""  # a name (or its beginning) or a counterparty id
    label: str = ""

    @property
    def active(self) -> bool:
        return any(v not in ("", None) for v in self.__dict__.values())


def _amount_ids(dossier_id: int, readings: set[int]) -> QuerySet:
    return ArchiveAmount.objects.filter(dossier_id=dossier_id, cents__in=readings).values(
        "entry_id"
    )


def _labelled(dossier, label: str) -> list[int]:
    # Labels are a JSON list; JSON containment differs between the databases, so compare here.
    wanted = normalise.fold(label.strip())
    docs = Document.objects.filter(dossier=dossier, state=DocState.BOOKED).exclude(labels=[])
    return [
        pk
        for pk, labels in docs.values_list("pk", "labels")
        if any(normalise.fold(str(x)) == wanted for x in labels or [])
    ]


def label_choices(*, dossier) -> list[str]:
    docs = Document.objects.filter(dossier=dossier, state=DocState.BOOKED).exclude(labels=[])
    return sorted(
        {str(x) for labels in docs.values_list("labels", flat=True) for x in labels or []}
    )


def archive_search(
    *, user, dossier, filters: ArchiveFilters
) -> QuerySet[ArchiveEntry] | RankedRows:
    """Booked documents the user may see that pass every filter: best match first when
    there are words to search, else the latest booking first (at most MAX_RESULTS)."""
    qs = ArchiveEntry.objects.filter(
        dossier=dossier,
        document__in=documents_for_user(user=user, dossier=dossier).filter(state=DocState.BOOKED),
    )
    f = filters
    if f.date_from:
        qs = qs.filter(date__gte=f.date_from)
    if f.date_to:
        qs = qs.filter(date__lte=f.date_to)
    if f.amount_min is not None:
        qs = qs.filter(amount__gte=f.amount_min)
    if f.amount_max is not None:
        qs = qs.filter(amount__lte=f.amount_max)
    if f.fiscal_year_id:
        qs = qs.filter(fiscal_year_id=f.fiscal_year_id)
    if f.period_id:
        qs = qs.filter(period_id=f.period_id)
    if f.journal:
        qs = qs.filter(journal_code=f.journal)
    if f.counterparty:
        cp = f.counterparty.strip()
        qs = qs.filter(
            Q(counterparty_id=int(cp)) if cp.isdigit() else Q(counterparty_name__icontains=cp)
        )
    if f.label:
        qs = qs.filter(document_id__in=_labelled(dossier, f.label))
    if f.amount:
        readings = normalise.amount_candidates(f.amount)
        qs = qs.filter(pk__in=_amount_ids(dossier.pk, readings)) if readings else qs.none()
    phrases, terms = normalise.split_query(f.q)
    engine = backend()
    for readings, digits in phrases:
        by_text = [
            pk for pk, _ in engine.match(dossier_id=dossier.pk, terms=digits, limit=MAX_RESULTS)
        ]
        qs = qs.filter(Q(pk__in=_amount_ids(dossier.pk, readings)) | Q(pk__in=by_text))
    qs = qs.select_related("document", "document__visual")
    if not terms:
        # A lazy queryset: a page of it costs one query whatever the archive's size.
        return qs.order_by("-date", "-id")
    # The engine ranks at most MAX_RESULTS of the dossier's entries; the filters keep theirs
    # (ids and dates only), and only the page shown is loaded (RankedRows).
    scores = dict(engine.match(dossier_id=dossier.pk, terms=terms, limit=MAX_RESULTS))
    if not scores:
        return qs.none()
    found = list(qs.filter(pk__in=list(scores)).values_list("pk", "date"))
    found.sort(key=lambda r: (-scores[r[0]], -(r[1] or Date.min).toordinal(), -r[0]))
    return RankedRows(qs, [pk for pk, _d in found])


class RankedRows(Sequence[ArchiveEntry]):
    """Search results in rank order that load their rows a slice at a time: a page of 50
    costs one query whatever the number of matches (the Paginator slices it)."""

    def __init__(self, qs: QuerySet[ArchiveEntry], ids: list[int]):
        self.qs, self.ids = qs, ids

    def __len__(self) -> int:
        return len(self.ids)

    def count(self, value: object = None) -> int:
        return len(self.ids)  # what Paginator asks

    def __getitem__(self, index):
        if isinstance(index, slice):
            ids = self.ids[index]
            rows = {r.pk: r for r in self.qs.filter(pk__in=ids)}
            return [rows[pk] for pk in ids if pk in rows]
        return self[index : index + 1 if index != -1 else None][0]

    def __iter__(self):
        return iter(self[:])


def paid_status(rows: Sequence[ArchiveEntry]) -> dict[int, bool | None]:
    """Per archive row: True when its open items are settled in the books or marked paid by
    the client, False when something is still open, None when the entry has no open item."""
    entry_ids = [r.entry_id for r in rows if r.entry_id]
    lines = list(
        EntryLine.objects.filter(entry_id__in=entry_ids, is_open_item=True).values_list(
            "pk", "entry_id", "debit", "credit"
        )
    )
    line_ids = [pk for pk, *_ in lines]
    matched = dict(
        Match.objects.filter(line_id__in=line_ids)
        .values("line_id")
        .annotate(s=Sum("amount"))
        .values_list("line_id", "s")
    )
    marked = set(PaidMark.objects.filter(line_id__in=line_ids).values_list("line_id", flat=True))
    open_by_entry: dict[int, bool] = {}
    for pk, entry_id, d, c in lines:
        settled = pk in marked or (matched.get(pk) or ZERO) >= abs(d - c)
        open_by_entry[entry_id] = open_by_entry.get(entry_id, False) or not settled
    return {
        r.pk: (not open_by_entry[r.entry_id]) if r.entry_id in open_by_entry else None for r in rows
    }
