"""Customer, supplier and GL-account histories (F6), read from the books, and the client's
"mark as paid" on an item the books do not show paid yet (audited, the books untouched)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date as Date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from archive.models import PaidMark
from core.audit import audit_log
from ledger import selectors as ledger
from ledger.models import Account, Counterparty, EntryLine
from tenancy.models import Dossier

ZERO = Decimal("0.00")
KINDS = ("customer", "supplier", "account")
LIMIT = 2000  # rows on one page and in one export; narrow the dates for more


@dataclass
class HistoryRow:
    line: EntryLine
    amount: Decimal  # signed, debit positive
    open_amount: Decimal | None  # None on a GL account's line
    balance: Decimal | None  # running balance (accounts)
    mark: PaidMark | None

    @property
    def open_in_books(self) -> bool:
        return bool(self.open_amount)


@dataclass
class History:
    kind: str
    subject: Counterparty | Account | None
    rows: list[HistoryRow]
    include_settled: bool
    total: Decimal
    open_total: Decimal


def subjects(*, dossier: Dossier, kind: str) -> list[Counterparty | Account]:
    if kind == "account":
        return list(ledger.account_list(dossier=dossier))
    return list(ledger.counterparty_list(dossier=dossier, kind=kind))


def history(
    *,
    dossier: Dossier,
    kind: str,
    subject_id: int | None,
    include_settled: bool = False,
    date_from: Date | None = None,
    date_to: Date | None = None,
) -> History:
    if kind not in KINDS:
        raise Http404
    if subject_id is None:
        return History(kind, None, [], include_settled, ZERO, ZERO)
    if kind == "account":
        return _account_history(dossier, subject_id, date_from, date_to)
    cp = ledger.counterparty_get(dossier=dossier, counterparty_id=subject_id)
    if cp.kind != kind:
        raise Http404
    qs = ledger.open_items(dossier=dossier, counterparty=cp, include_settled=include_settled)
    if date_from:
        qs = qs.filter(date__gte=date_from)
    if date_to:
        qs = qs.filter(date__lte=date_to)
    lines = list(qs.order_by("date", "id")[:LIMIT])
    marks = {m.line_id: m for m in PaidMark.objects.filter(line_id__in=[ln.pk for ln in lines])}
    rows = [
        HistoryRow(ln, ln.amount, ledger.open_amount_of(ln), None, marks.get(ln.pk)) for ln in lines
    ]
    return History(
        kind,
        cp,
        rows,
        include_settled,
        sum((r.amount for r in rows), ZERO),
        sum((r.open_amount or ZERO for r in rows), ZERO),
    )


def _account_history(dossier, account_id, date_from, date_to) -> History:
    account = ledger.account_get(dossier=dossier, account_id=account_id)
    years = list(ledger.fiscal_years(dossier=dossier))
    today = Date.today()
    current = next((y for y in years if y.start <= today <= y.end), years[0] if years else None)
    start = date_from or (current.start if current else Date(today.year, 1, 1))
    end = date_to or (current.end if current else Date(today.year, 12, 31))
    page = ledger.account_history(
        dossier=dossier, account=account, date_from=start, date_to=end, limit=LIMIT
    )
    rows = [
        HistoryRow(r["line"], r["line"].debit - r["line"].credit, None, r["balance"], None)
        for r in page.rows
    ]
    total = page.total_debit - page.total_credit
    return History("account", account, rows, True, total, page.opening + total)


def paid_mark(
    *, actor: Any, dossier: Dossier, line_id: int, paid_on: Date, note: str = ""
) -> PaidMark:
    """The client says this open item is paid; the books show it once the payment is matched."""
    with transaction.atomic():
        line = (
            EntryLine.objects.select_for_update()
            .filter(pk=line_id, dossier=dossier, is_open_item=True)
            .first()
        )
        if line is None:
            raise Http404
        if not ledger.open_amounts([line.pk]).get(line.pk):
            raise ValidationError(_("The books already show this item as paid."))
        if PaidMark.objects.filter(line=line).exists():
            raise ValidationError(_("This item is already marked as paid."))
        if paid_on > Date.today():
            raise ValidationError(_("The payment date cannot be in the future."))
        mark = PaidMark.objects.create(
            line=line, dossier=dossier, marked_by=actor, paid_on=paid_on, note=note[:200]
        )
        audit_log(
            actor=actor,
            action="archive.marked_paid",
            obj=mark,
            data={"line": line.pk, "number": line.entry.number, "paid_on": paid_on.isoformat()},
        )
    return mark


def paid_unmark(*, actor: Any, dossier: Dossier, line_id: int) -> None:
    with transaction.atomic():
        mark = PaidMark.objects.filter(line_id=line_id, dossier=dossier).first()
        if mark is None:
            raise Http404
        audit_log(
            actor=actor,
            action="archive.unmarked_paid",
            obj=mark,
            data={"line": line_id, "paid_on": mark.paid_on.isoformat()},
        )
        mark.delete()
