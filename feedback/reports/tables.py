"""The reports on demand (SPEC F4) as plain tables, before any format.

A builder reads the books through the selectors and returns a `Report`: titled tables of
rows whose cells are texts, dates or Decimals. The PDF and the Excel workbook are two
renderings of the same tables, so both hold the same rows and totals.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date as Date
from decimal import Decimal
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from feedback import selectors as sel
from feedback import statements as st
from feedback.vat.grids import office_return
from ledger import selectors as ledger
from ledger.models import Period
from tenancy.models import Dossier

Cell = str | Decimal | Date | None
Progress = Callable[[int], None]


@dataclass
class Row:
    cells: list[Cell]
    style: str = ""  # "" | "section" | "total"


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[Row] = field(default_factory=list)


@dataclass
class Report:
    title: str
    subtitle: str
    tables: list[Table]
    totals: dict[str, Decimal] = field(default_factory=dict)


KINDS: dict[str, Any] = {
    "income_statement": gettext_lazy("Income statement"),
    "balance_sheet": gettext_lazy("Balance sheet"),
    "trial_balance": gettext_lazy("Trial balance"),
    "aged_receivables": gettext_lazy("Aged receivables"),
    "aged_payables": gettext_lazy("Aged payables"),
    "account_history": gettext_lazy("Account history"),
    "vat_summary": gettext_lazy("VAT summary by grid"),
    "customer_listing": gettext_lazy("Annual customer listing"),
    "intra_listing": gettext_lazy("Intra-EU listing"),
}
FORMATS = ("pdf", "xlsx")


def _day(value: Date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def _period(dossier: Dossier, pk: Any) -> Period | None:
    if not pk:
        return None
    return ledger.period_get(dossier=dossier, period_id=int(pk))


def _statement_report(stmt: st.Statement, title: str) -> Report:
    columns = [_("Line"), stmt.year.name] + (
        [stmt.previous_year.name] if stmt.previous_year else []
    )
    tables = []
    for section in stmt.sections:
        table = Table(section.label, columns)
        for line in section.lines:
            table.rows.append(
                Row([f"{line.key} {line.label}", line.amount, *_prev(stmt, line.previous)])
            )
            for acc in line.accounts:
                table.rows.append(
                    Row([f"    {acc.code} {acc.name}", acc.amount, *_prev(stmt, acc.previous)])
                )
        table.rows.append(
            Row([_("Total"), section.total, *_prev(stmt, section.previous_total)], "total")
        )
        if section.after:
            a = section.after
            table.rows.append(Row([a.label, a.amount, *_prev(stmt, a.previous)], "total"))
        tables.append(table)
    p_from, p_to = stmt.period_from, stmt.period_to
    subtitle = (
        _("From %(start)s to %(end)s") % {"start": _day(p_from.start), "end": _day(p_to.end)}
        if p_from and p_to
        else (_("On %(end)s") % {"end": _day(p_to.end)} if p_to else "")
    )
    return Report(title, subtitle, tables, dict(stmt.totals))


def _prev(stmt: st.Statement, value: Decimal | None) -> list[Cell]:
    return [value] if stmt.previous_year else []


def income_statement(dossier: Dossier, params: dict, progress: Progress) -> Report:
    stmt = st.income_statement(
        dossier=dossier,
        year=params.get("year"),
        period_from=_period(dossier, params.get("period_from")),
        period_to=_period(dossier, params.get("period_to")),
    )
    return _statement_report(stmt, _("Income statement"))


def balance_sheet(dossier: Dossier, params: dict, progress: Progress) -> Report:
    stmt = st.balance_sheet(
        dossier=dossier,
        year=params.get("year"),
        period_to=_period(dossier, params.get("period_to")),
    )
    return _statement_report(stmt, _("Balance sheet"))


def trial_balance(dossier: Dossier, params: dict, progress: Progress) -> Report:
    fy = st.fiscal_year_of(dossier=dossier, year=params.get("year"))
    first, last = ledger.period_range(dossier=dossier, fiscal_year=fy)
    first = _period(dossier, params.get("period_from")) or first
    last = _period(dossier, params.get("period_to")) or last
    tb = ledger.trial_balance(dossier=dossier, period_from=first, period_to=last)
    table = Table(
        _("Trial balance"), [_("Account"), _("Name"), _("Debit"), _("Credit"), _("Balance")]
    )
    for r in tb.rows:
        table.rows.append(Row([r.code, r.name, r.debit, r.credit, r.balance]))
    table.rows.append(
        Row(
            [_("Total"), "", tb.total_debit, tb.total_credit, tb.total_debit - tb.total_credit],
            "total",
        )
    )
    subtitle = (
        _("From %(start)s to %(end)s") % {"start": _day(first.start), "end": _day(last.end)}
        if first and last
        else ""
    )
    return Report(
        _("Trial balance"),
        subtitle,
        [table],
        {"debit": tb.total_debit, "credit": tb.total_credit},
    )


def _aged(side: str, kind: str) -> Callable[[Dossier, dict, Progress], Report]:
    def build(dossier: Dossier, params: dict, progress: Progress) -> Report:
        title = str(KINDS[kind])
        as_of = Date.fromisoformat(params["date"]) if params.get("date") else Date.today()
        aged = sel.aged_balances(dossier=dossier, side=side, as_of=as_of)
        labels = [str(sel.BUCKET_LABELS[b]) for b in sel.BUCKETS]
        table = Table(title, [_("Counterparty"), *labels, _("Total")])
        for row in aged.rows:
            table.rows.append(
                Row([row.counterparty.name, *[row.buckets[b] for b in sel.BUCKETS], row.total])
            )
        table.rows.append(
            Row([_("Total"), *[aged.totals[b] for b in sel.BUCKETS], aged.total], "total")
        )
        detail = Table(
            _("Open items"),
            [
                _("Counterparty"),
                _("Number"),
                _("Date"),
                _("Due date"),
                _("Days past due"),
                _("Open amount"),
            ],
        )
        for row in aged.rows:
            for item in row.items:
                detail.rows.append(
                    Row(
                        [
                            row.counterparty.name,
                            item.number,
                            item.date,
                            item.due_date,
                            str(item.days_overdue),
                            item.open_amount,
                        ]
                    )
                )
        return Report(
            title, _("On %(date)s") % {"date": _day(as_of)}, [table, detail], {"total": aged.total}
        )

    return build


def account_history(dossier: Dossier, params: dict, progress: Progress) -> Report:
    account = ledger.account_get(dossier=dossier, account_id=params.get("account"))
    fy = st.fiscal_year_of(dossier=dossier, year=params.get("year"))
    first, last = ledger.period_range(dossier=dossier, fiscal_year=fy)
    first = _period(dossier, params.get("period_from")) or first
    last = _period(dossier, params.get("period_to")) or last
    if first is None or last is None:
        return Report(_("Account history"), "", [], {})
    table = Table(
        f"{account.code} {account.name}",
        [
            _("Date"),
            _("Journal"),
            _("Number"),
            _("Description"),
            _("Debit"),
            _("Credit"),
            _("Balance"),
        ],
    )
    cursor, pages = "", 0
    page = None
    while True:
        page = ledger.account_history(
            dossier=dossier,
            account=account,
            date_from=first.start,
            date_to=last.end,
            cursor=cursor,
            limit=500,
        )
        if not pages:
            table.rows.append(
                Row(["", "", "", _("Opening balance"), None, None, page.opening], "section")
            )
        for r in page.rows:
            line = r["line"]
            table.rows.append(
                Row(
                    [
                        line.date,
                        line.entry.journal.code,
                        line.entry.number,
                        line.description or line.entry.description,
                        line.debit or None,
                        line.credit or None,
                        r["balance"],
                    ]
                )
            )
        pages += 1
        # Long histories: one step per page of 500 lines, up to 90 %.
        progress(min(90, 10 + pages * 10))
        if not page.has_more:
            break
        cursor = page.next_cursor
    table.rows.append(
        Row(
            [
                _("Total"),
                "",
                "",
                "",
                page.total_debit,
                page.total_credit,
                page.opening + page.total_debit - page.total_credit,
            ],
            "total",
        )
    )
    return Report(
        _("Account history"),
        _("From %(start)s to %(end)s") % {"start": _day(first.start), "end": _day(last.end)},
        [table],
        {"debit": page.total_debit, "credit": page.total_credit},
    )


def vat_summary(dossier: Dossier, params: dict, progress: Progress) -> Report:
    ret = office_return(dossier=dossier, key=params.get("period", ""))
    if ret is None:
        return Report(_("VAT summary by grid"), "", [], {})
    tables = []
    for frame, boxes in ret.frames:
        table = Table(_("Frame %(frame)s") % {"frame": frame}, [_("Grid"), _("Amount")])
        for box, amount in boxes:
            table.rows.append(Row([box, amount]))
        tables.append(table)
    return Report(
        _("VAT summary by grid"),
        _("Period %(key)s, from %(start)s to %(end)s")
        % {"key": ret.key, "start": _day(ret.first.start), "end": _day(ret.last.end)},
        tables,
        dict(ret.grids),
    )


def _listing(kind: str) -> Callable[[Dossier, dict, Progress], Report]:
    """The two VAT listings (feedback/vat/listings.py) as a report, for the client's copy."""

    def build(dossier: Dossier, params: dict, progress: Progress) -> Report:
        from feedback.vat.listings import listing_get

        if kind == "customers":
            listing = listing_get(dossier=dossier, kind=kind, year=int(params.get("year") or 0))
            title = _("Annual customer listing")
            columns = [_("VAT number"), _("Customer"), _("Turnover"), _("VAT")]
        else:
            listing = listing_get(dossier=dossier, kind=kind, period=params.get("period", ""))
            title = _("Intra-EU listing")
            columns = [_("VAT number"), _("Customer"), _("Code"), _("Amount")]
        table = Table(title, columns)
        for r in listing.rows:
            name = r.counterparty.name if r.counterparty else ""
            if kind == "customers":
                table.rows.append(Row([r.vat_number, name, r.amount, r.vat]))
            else:
                table.rows.append(Row([r.vat_number, name, r.code, r.amount]))
        totals = {"total": listing.total}
        if kind == "customers":
            table.rows.append(Row([_("Total"), "", listing.total, listing.vat_total], "total"))
            totals["vat"] = listing.vat_total
        else:
            table.rows.append(Row([_("Total"), "", "", listing.total], "total"))
        return Report(title, _("Period %(key)s") % {"key": listing.key}, [table], totals)

    return build


BUILDERS: dict[str, Callable[[Dossier, dict, Progress], Report]] = {
    "income_statement": income_statement,
    "balance_sheet": balance_sheet,
    "trial_balance": trial_balance,
    "aged_receivables": _aged("customers", "aged_receivables"),
    "aged_payables": _aged("suppliers", "aged_payables"),
    "account_history": account_history,
    "vat_summary": vat_summary,
    "customer_listing": _listing("customers"),
    "intra_listing": _listing("intra"),
}
