"""The figures the client gets back (SPEC F1, F3), read from the books: never typed.

One aggregate query over the ledger's period balances gives every two-digit class per
period; the dashboard's quarters, years, liquidity trend and cost classes are sums of it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date as Date
from decimal import Decimal

from django.db.models import Sum
from django.db.models.functions import Substr
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from feedback import figures_cache
from ledger import selectors as ledger
from ledger.models import Counterparty, FiscalYear, Period, PeriodBalance
from tenancy.models import Dossier

ZERO = Decimal("0.00")
CENT = Decimal("0.01")

INCOME = ("70", "71", "72", "73", "74", "75", "76")
CHARGES = ("60", "61", "62", "63", "64", "65", "66")
LIQUIDITY = ("55", "56", "57")
COST_CLASSES = {
    "60": _("Goods and raw materials"),
    "61": _("Services and other goods"),
    "62": _("Remuneration and social charges"),
    "63": _("Depreciation and provisions"),
    "64": _("Other operating charges"),
    "65": _("Financial charges"),
    "66": _("Non-recurring charges"),
}


# --- Dashboard (F1)


@dataclass
class Quarter:
    number: int
    result: Decimal
    previous: Decimal | None


@dataclass
class Dashboard:
    year: FiscalYear | None
    previous_year: FiscalYear | None
    updated_until: Date | None
    figures: dict[str, Decimal] = field(default_factory=dict)
    previous_figures: dict[str, Decimal] | None = None
    quarters: list[Quarter] = field(default_factory=list)
    liquidity: list[tuple[Period, Decimal]] = field(default_factory=list)
    costs: list[tuple[str, str, Decimal]] = field(default_factory=list)
    # I2 office setting: key figures count only the periods up to `updated_until`.
    closed_only: bool = False
    years: list[FiscalYear] = field(default_factory=list)  # the year picker's, latest first

    @property
    def result(self) -> Decimal:
        return self.figures.get("result_before_tax", ZERO)

    @property
    def previous_result(self) -> Decimal | None:
        return self.previous_figures["result_before_tax"] if self.previous_figures else None


def _class_sums(dossier: Dossier) -> dict[int, dict[str, Decimal]]:
    """Signed balance (debit - credit) per period and two-digit class, in one query."""
    rows = (
        PeriodBalance.objects.filter(dossier=dossier)
        .annotate(cls=Substr("account__code", 1, 2))
        .values("period_id", "cls")
        .annotate(d=Sum("debit"), c=Sum("credit"))
    )
    out: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    for r in rows:
        # SQLite sums decimals as REAL: back to cents.
        out[r["period_id"]][r["cls"]] += ((r["d"] or ZERO) - (r["c"] or ZERO)).quantize(CENT)
    return out


def _result(sums: dict[str, Decimal]) -> Decimal:
    return -sum((sums[c] for c in INCOME), ZERO) - sum((sums[c] for c in CHARGES), ZERO)


def _quarter_of(fy: FiscalYear, period: Period) -> int:
    months = (period.start.year - fy.start.year) * 12 + period.start.month - fy.start.month
    return months // 3 + 1


def _quarter_results(fy: FiscalYear, periods, sums) -> dict[int, Decimal]:
    out: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for p in periods:
        if p.fiscal_year_id == fy.pk:
            out[_quarter_of(fy, p)] += _result(sums[p.pk])
    return out


def _figures_until(fy: FiscalYear, periods, sums, until: Date) -> dict[str, Decimal]:
    """`ledger.key_figures` of the year's periods ending on or before `until` (the office
    counts only closed periods: I2 "key figures on closed periods only")."""
    done = [p for p in periods if p.end <= until]
    year = {c: ZERO for c in ("70", "71", "72", "74", "75", "76", *CHARGES)}
    for p in done:
        if p.fiscal_year_id == fy.pk:
            for c in year:
                year[c] += sums[p.pk][c]
    cum = {c: ZERO for c in ("55", "56", "57", "40", "44")}
    for p in done:
        if p.start <= fy.end:
            for c in cum:
                cum[c] += sums[p.pk][c]
    income = -sum((year[c] for c in ("70", "71", "72", "74", "75", "76")), ZERO)
    charges = sum((year[c] for c in CHARGES), ZERO)
    operating_income = -sum((year[c] for c in ("70", "71", "72", "74")), ZERO)
    operating_charges = sum((year[c] for c in ("60", "61", "62", "63", "64")), ZERO)
    return {
        "turnover": -year["70"],
        "operating_income": operating_income,
        "operating_charges": operating_charges,
        "operating_result": operating_income - operating_charges,
        "financial_income": -year["75"],
        "result_before_tax": income - charges,
        "liquidity": cum["55"] + cum["56"] + cum["57"],
        "receivables": cum["40"],
        "payables": -cum["44"],
    }


def _total(periods: list[Period], sums, classes) -> Decimal:
    return sum((sums[p.pk][c] for p in periods for c in classes), ZERO)


def key_figures_of(fy: FiscalYear, periods: list[Period], sums) -> dict[str, Decimal]:
    """`ledger.selectors.key_figures` (the SPEC F1 definitions) from the class sums the
    dashboard has already read: no query. A test holds the two equal."""
    in_year = [p for p in periods if p.fiscal_year_id == fy.pk]
    if in_year:
        first, last = in_year[0].start, in_year[-1].start
        year = [p for p in periods if first <= p.start <= last]
        upto = [p for p in periods if p.start <= last]
    else:  # a year without periods: the ledger reads the whole books
        year = upto = periods
    income = -_total(year, sums, ("70", "71", "72", "74", "75", "76"))
    charges = _total(year, sums, CHARGES)
    operating_income = -_total(year, sums, ("70", "71", "72", "74"))
    operating_charges = _total(year, sums, ("60", "61", "62", "63", "64"))
    return {
        "turnover": -_total(year, sums, ("70",)),
        "operating_income": operating_income,
        "operating_charges": operating_charges,
        "operating_result": operating_income - operating_charges,
        "financial_income": -_total(year, sums, ("75",)),
        "result_before_tax": income - charges,
        "liquidity": _total(upto, sums, LIQUIDITY),
        "receivables": _total(upto, sums, ("40",)),
        "payables": -_total(upto, sums, ("44",)),
    }


def fiscal_year_list(*, dossier: Dossier) -> list[FiscalYear]:
    return list(FiscalYear.objects.filter(dossier=dossier).order_by("-start"))


def dashboard(*, dossier: Dossier, year: int | None = None) -> Dashboard:
    """Results per quarter and year against the year before, the liquidity trend over the
    year and the charges by class. `year` is the fiscal year's start year (latest by default).

    Three queries over the books (years, periods, one aggregate of the period balances by
    class), whatever the number of accounts, months or entries; cached per version of the
    dossier's books (feedback.figures_cache), so a page seen again costs one query more.
    """
    today = Date.today()
    # The office may set "updated until" by hand (tenancy): read it live, not cached; with
    # the office's "key figures on closed periods only" (I2) the figures stop there.
    updated_until = dossier.updated_until or ledger.sync_state_for(dossier).updated_until
    closed_until = updated_until if dossier.office.key_figures_closed_only else None
    board = figures_cache.cached(
        dossier.pk,
        "dashboard",
        # the cost classes' names are in the reader's language
        (year, today, get_language(), closed_until),
        lambda: _dashboard(dossier, year, today, closed_until),
    )
    board.updated_until = updated_until
    return board


def _dashboard(
    dossier: Dossier, year: int | None, today: Date, closed_until: Date | None
) -> Dashboard:
    years = fiscal_year_list(dossier=dossier)
    if year is not None:
        years_of = [fy for fy in years if fy.start.year == year]
        if not years_of:
            from django.http import Http404

            raise Http404
        fy = years_of[0]
    else:
        found = next((y for y in years if y.start <= today), years[-1] if years else None)
        if found is None:
            return Dashboard(year=None, previous_year=None, updated_until=None, years=years)
        fy = found
    previous = next((y for y in years if y.start < fy.start), None)
    periods = list(Period.objects.filter(dossier=dossier).order_by("start"))
    sums = _class_sums(dossier)
    this_q = _quarter_results(fy, periods, sums)
    prev_q = _quarter_results(previous, periods, sums) if previous else {}
    quarters = [
        Quarter(n, this_q.get(n, ZERO), prev_q.get(n, ZERO) if previous else None)
        for n in sorted(set(this_q) | set(prev_q) | {1, 2, 3, 4})
    ]
    # Liquidity is a balance: cumulative from the books' first period.
    liquidity, running = [], ZERO
    for p in periods:
        running += sum((sums[p.pk][c] for c in LIQUIDITY), ZERO)
        if p.fiscal_year_id == fy.pk:
            liquidity.append((p, running))
    cost_sums = {c: ZERO for c in CHARGES}
    for p in periods:
        if p.fiscal_year_id == fy.pk:
            for c in CHARGES:
                cost_sums[c] += sums[p.pk][c]
    costs = [(c, str(COST_CLASSES[c]), cost_sums[c]) for c in CHARGES]
    if closed_until is not None:
        figures = _figures_until(fy, periods, sums, closed_until)
        previous_figures = (
            _figures_until(previous, periods, sums, closed_until) if previous else None
        )
    else:
        figures = key_figures_of(fy, periods, sums)
        previous_figures = key_figures_of(previous, periods, sums) if previous else None
    return Dashboard(
        year=fy,
        previous_year=previous,
        updated_until=None,
        closed_only=closed_until is not None,
        figures=figures,
        previous_figures=previous_figures,
        quarters=quarters,
        liquidity=liquidity,
        costs=costs,
        years=years,
    )


def dashboard_chart_data(board: Dashboard) -> dict:
    """What the charts draw (numbers as floats for Chart.js; the table shows the Decimals)."""
    return {
        "quarters": [f"Q{q.number}" for q in board.quarters],
        "result": [float(q.result) for q in board.quarters],
        "result_previous": [float(q.previous) for q in board.quarters if q.previous is not None],
        "year": board.year.name if board.year else "",
        "previous_year": board.previous_year.name if board.previous_year else "",
        "liquidity_labels": [p.label for p, _v in board.liquidity],
        "liquidity": [float(v) for _p, v in board.liquidity],
        "cost_labels": [f"{c} {name}" for c, name, _v in board.costs],
        "costs": [float(v) for _c, _n, v in board.costs],
    }


# --- Aged balances (F3)

BUCKETS = ("not_due", "d0_30", "d31_60", "d61_90", "d90")
BUCKET_LABELS = {
    "not_due": _("Not due"),
    "d0_30": _("0-30 days"),
    "d31_60": _("31-60 days"),
    "d61_90": _("61-90 days"),
    "d90": _("> 90 days"),
}
SIDES = {"customers": "customer", "suppliers": "supplier"}


def bucket_of(days_overdue: int) -> str:
    if days_overdue < 0:
        return "not_due"
    if days_overdue <= 30:
        return "d0_30"
    if days_overdue <= 60:
        return "d31_60"
    if days_overdue <= 90:
        return "d61_90"
    return "d90"


@dataclass
class OpenItem:
    line_id: int
    number: str
    date: Date
    due_date: Date
    days_overdue: int
    bucket: str
    amount: Decimal  # the invoice's amount, positive for what is owed
    open_amount: Decimal


@dataclass
class AgedRow:
    counterparty: Counterparty
    buckets: dict[str, Decimal]
    items: list[OpenItem] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum(self.buckets.values(), ZERO)


@dataclass
class AgedBalances:
    side: str
    as_of: Date
    rows: list[AgedRow]

    @property
    def totals(self) -> dict[str, Decimal]:
        return {b: sum((r.buckets[b] for r in self.rows), ZERO) for b in BUCKETS}

    @property
    def total(self) -> Decimal:
        return sum((r.total for r in self.rows), ZERO)


def _open_item(line, as_of: Date, sign: int) -> OpenItem:
    due = line.due_date or line.date
    days = (as_of - due).days
    return OpenItem(
        line_id=line.pk,
        number=line.entry.number or str(line.entry_id),
        date=line.date,
        due_date=due,
        days_overdue=days,
        bucket=bucket_of(days),
        amount=(line.amount * sign).quantize(CENT),
        open_amount=ledger.open_amount_of(line) * sign,
    )


def aged_balances(
    *, dossier: Dossier, side: str, as_of: Date, counterparty: Counterparty | None = None
) -> AgedBalances:
    """Open items of customers (receivables) or suppliers (payables) by days past due,
    as the books stood at `as_of`. Amounts are positive for what is owed.

    One query (the open items with their matched sums); the whole side is cached per
    version of the dossier's books (feedback.figures_cache)."""
    if counterparty is None:
        return figures_cache.cached(
            dossier.pk, "aged", (side, as_of), lambda: _aged(dossier, side, as_of, None)
        )
    return _aged(dossier, side, as_of, counterparty)


def _aged(
    dossier: Dossier, side: str, as_of: Date, counterparty: Counterparty | None
) -> AgedBalances:
    kind = SIDES[side]
    sign = 1 if kind == "customer" else -1
    rows: dict[int, AgedRow] = {}
    lines = (
        ledger.open_items(dossier=dossier, kind=kind, as_of=as_of, counterparty=counterparty)
        # The counterparties of this dossier only: else PostgreSQL hashes every dossier's.
        .filter(counterparty__dossier=dossier)
        .select_related(None)
        .select_related("entry", "counterparty")
    )
    for line in lines:
        item = _open_item(line, as_of, sign)
        row = rows.get(line.counterparty_id)
        if row is None:
            row = rows[line.counterparty_id] = AgedRow(
                line.counterparty, {b: ZERO for b in BUCKETS}
            )
        row.buckets[item.bucket] += item.open_amount
        row.items.append(item)
    return AgedBalances(side=side, as_of=as_of, rows=list(rows.values()))


# --- Statement of a counterparty (F3, F6)


@dataclass
class StatementLine:
    line_id: int
    date: Date
    journal: str
    number: str
    description: str
    debit: Decimal
    credit: Decimal
    open_amount: Decimal
    balance: Decimal


@dataclass
class Statement:
    counterparty: Counterparty
    lines: list[StatementLine]
    open: AgedBalances

    @property
    def balance(self) -> Decimal:
        return self.lines[-1].balance if self.lines else ZERO


def statement(*, dossier: Dossier, counterparty: Counterparty, as_of: Date) -> Statement:
    """Every entry line of the counterparty on its customer or supplier account, with the
    running balance (debit - credit), and its open items by age."""
    lines, running = [], ZERO
    for line in ledger.open_items(
        dossier=dossier, counterparty=counterparty, as_of=as_of, include_settled=True
    ).order_by("date", "id"):
        running += line.debit - line.credit
        lines.append(
            StatementLine(
                line_id=line.pk,
                date=line.date,
                journal=line.entry.journal.code,
                number=line.entry.number or str(line.entry_id),
                description=line.description or line.entry.description,
                debit=line.debit,
                credit=line.credit,
                open_amount=ledger.open_amount_of(line),
                balance=running,
            )
        )
    side = "customers" if counterparty.kind == "customer" else "suppliers"
    return Statement(
        counterparty=counterparty,
        lines=lines,
        open=aged_balances(dossier=dossier, side=side, as_of=as_of, counterparty=counterparty),
    )


# --- The periodic VAT return, as the client reads it


@dataclass
class VatReturn:
    key: str  # "2026-03" or "2026-Q1"
    first: Period
    last: Period
    frames: list[tuple[str, list[tuple[str, Decimal]]]]

    @property
    def grids(self) -> dict[str, Decimal]:
        return {box: amount for _f, boxes in self.frames for box, amount in boxes}


def _months_of(key: str) -> list[tuple[int, int]]:
    """ "2026-03" -> [(2026, 3)]; "2026-Q1" -> [(2026, 1), (2026, 2), (2026, 3)]."""
    year_s, _sep, rest = key.partition("-")
    year = int(year_s)
    if rest.upper().startswith("Q"):
        quarter = int(rest[1:])
        if not 1 <= quarter <= 4:
            raise ValueError(key)
        return [(year, 3 * (quarter - 1) + m) for m in (1, 2, 3)]
    month = int(rest)
    if not 1 <= month <= 12:
        raise ValueError(key)
    return [(year, month)]


def vat_return_keys(*, dossier: Dossier) -> list[str]:
    """The quarters and months the books have periods for, latest first."""
    keys: list[str] = []
    for start in (
        Period.objects.filter(dossier=dossier).order_by("-start").values_list("start", flat=True)
    ):
        q = f"{start.year}-Q{(start.month - 1) // 3 + 1}"
        if q not in keys:
            keys.append(q)
        keys.append(f"{start:%Y-%m}")
    return keys


def vat_return(*, dossier: Dossier, key: str = "") -> VatReturn | None:
    """The return's boxes for a month or a quarter (the current quarter by default), as
    the ledger computes them from the posted lines' VAT codes. None without periods;
    ValueError for a key that names no period of the books."""
    if not key:
        keys = vat_return_keys(dossier=dossier)
        if not keys:
            return None
        today = Date.today()
        key = f"{today.year}-Q{(today.month - 1) // 3 + 1}"
        if key not in keys:
            key = keys[0]  # the books' latest quarter
    months = set(_months_of(key))
    periods = [
        p
        for p in Period.objects.filter(dossier=dossier).order_by("start")
        if (p.start.year, p.start.month) in months
    ]
    if not periods:
        raise ValueError(key)
    first, last = periods[0], periods[-1]
    boxes = ledger.vat_return(dossier=dossier, period_from=first, period_to=last)
    frames = [
        (frame, [(box, boxes.get(box, ZERO)) for box in numbers])
        for frame, numbers in ledger.VAT_RETURN_FRAMES
    ]
    return VatReturn(key=key, first=first, last=last, frames=frames)
