"""Income statement and balance sheet (SPEC F2) in the Belgian schema, read from the books.

The layout follows the abbreviated schema of the annual accounts (Arrêté royal du 29 avril
2019 portant exécution du Code des sociétés et des associations, art. 3:3 and the schema
in its annex / Koninklijk besluit van 29 april 2019, "verkort schema") mapped on the
minimum chart of accounts (AR/KB 12 September 1983): each line is a set of account-number
prefixes; the longest prefix decides. One trial-balance query per column, then sums in
Python: no query per account or per month.

Drill-down: line -> accounts (same query) -> months (`account_months`, one query) ->
entries (`ledger.account_history`) -> the document's visual.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date as Date
from decimal import Decimal

from django.db.models import Sum
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from ledger import selectors as ledger
from ledger.models import Account, FiscalYear, Period, PeriodBalance
from tenancy.models import Dossier

ZERO = Decimal("0.00")
CENT = Decimal("0.01")


@dataclass(frozen=True)
class LineDef:
    key: str
    label: object  # a lazy text
    prefixes: tuple[str, ...]
    sign: int  # +1: amount = debit - credit (charges, assets); -1: credit - debit


# --- Income statement: (section key, section label, lines); subtotals in `SUBTOTALS`.
INCOME_LINES: tuple[LineDef, ...] = (
    LineDef("70", _("Turnover"), ("70",), -1),
    LineDef("71", _("Change in stocks and orders in progress"), ("71",), -1),
    LineDef("72", _("Own work capitalised"), ("72",), -1),
    LineDef("73", _("Membership fees, gifts, legacies and subsidies"), ("73",), -1),
    LineDef("74", _("Other operating income"), ("74",), -1),
    LineDef("60", _("Goods for resale, raw and auxiliary materials"), ("60",), 1),
    LineDef("61", _("Services and other goods"), ("61",), 1),
    LineDef("62", _("Remuneration, social security and pensions"), ("62",), 1),
    LineDef("63", _("Depreciation, write-downs and provisions"), ("63",), 1),
    LineDef("64", _("Other operating charges"), ("64",), 1),
    LineDef("75", _("Financial income"), ("75",), -1),
    LineDef("65", _("Financial charges"), ("65",), 1),
    LineDef("76", _("Non-recurring income"), ("76",), -1),
    LineDef("66", _("Non-recurring charges"), ("66",), 1),
    LineDef("77", _("Regularisation of income taxes"), ("77",), -1),
    LineDef("67", _("Income taxes"), ("67",), 1),
    LineDef("78", _("Transfer from untaxed reserves"), ("78",), -1),
    LineDef("68", _("Transfer to untaxed reserves"), ("68",), 1),
)
INCOME_SECTIONS: tuple[tuple[str, object, tuple[str, ...]], ...] = (
    ("operating_income", _("Operating income"), ("70", "71", "72", "73", "74")),
    ("operating_charges", _("Operating charges"), ("60", "61", "62", "63", "64")),
    ("financial", _("Financial income and charges"), ("75", "65")),
    ("non_recurring", _("Non-recurring income and charges"), ("76", "66")),
    ("taxes", _("Income taxes and untaxed reserves"), ("77", "67", "78", "68")),
)
# (key, label, lines that add (income) and subtract (charges), shown after this section)
INCOME_SUBTOTALS = {
    "operating_charges": ("operating_result", _("Operating result")),
    "financial": ("ordinary_result", _("Result from ordinary activities")),
    "non_recurring": ("result_before_tax", _("Result before taxes")),
    "taxes": ("result", _("Result of the financial year")),
}

# --- Balance sheet: assets carry debit balances, liabilities credit balances.
ASSET_LINES: tuple[LineDef, ...] = (
    LineDef("20", _("Formation expenses"), ("20",), 1),
    LineDef("21", _("Intangible fixed assets"), ("21",), 1),
    LineDef("22-27", _("Tangible fixed assets"), ("22", "23", "24", "25", "26", "27"), 1),
    LineDef("28", _("Financial fixed assets"), ("28",), 1),
    LineDef("29", _("Amounts receivable after more than one year"), ("29",), 1),
    LineDef("3", _("Stocks and contracts in progress"), ("3",), 1),
    LineDef("40-41", _("Amounts receivable within one year"), ("40", "41"), 1),
    LineDef("50-53", _("Current investments"), ("50", "51", "52", "53"), 1),
    LineDef("54-58", _("Cash at bank and in hand"), ("54", "55", "56", "57", "58"), 1),
    LineDef("490-491", _("Deferred charges and accrued income"), ("490", "491"), 1),
)
LIABILITY_LINES: tuple[LineDef, ...] = (
    LineDef("10-11", _("Capital and contributions"), ("10", "11"), -1),
    LineDef("12", _("Revaluation surpluses"), ("12",), -1),
    LineDef("13", _("Reserves"), ("13",), -1),
    LineDef("14", _("Accumulated profits (losses)"), ("14",), -1),
    LineDef("15", _("Investment grants"), ("15",), -1),
    LineDef("16", _("Provisions and deferred taxes"), ("16",), -1),
    LineDef("17", _("Amounts payable after more than one year"), ("17",), -1),
    LineDef(
        "42-48",
        _("Amounts payable within one year"),
        ("42", "43", "44", "45", "46", "47", "48"),
        -1,
    ),
    LineDef("492-493", _("Accrued charges and deferred income"), ("492", "493"), -1),
)
RESULT_LINE_KEY = "6-7"


@dataclass
class AccountAmount:
    account_id: int
    code: str
    name: str
    amount: Decimal
    previous: Decimal | None = None


@dataclass
class StatementLine:
    key: str
    label: str
    amount: Decimal
    previous: Decimal | None
    accounts: list[AccountAmount] = field(default_factory=list)
    subtotal: bool = False


@dataclass
class StatementSection:
    key: str
    label: str
    lines: list[StatementLine]
    total: Decimal
    previous_total: Decimal | None
    after: StatementLine | None = None  # the subtotal shown after the section


@dataclass
class Statement:
    kind: str  # "income" | "balance"
    year: FiscalYear
    previous_year: FiscalYear | None
    period_from: Period | None
    period_to: Period | None
    sections: list[StatementSection]
    totals: dict[str, Decimal]
    previous_totals: dict[str, Decimal] | None


def _match(code: str, lines: tuple[LineDef, ...]) -> LineDef | None:
    best, best_len = None, 0
    for line in lines:
        for p in line.prefixes:
            if code.startswith(p) and len(p) > best_len:
                best, best_len = line, len(p)
    return best


def _balances(
    dossier: Dossier, period_from: Period | None, period_to: Period | None
) -> dict[int, tuple[str, str, Decimal]]:
    tb = ledger.trial_balance(dossier=dossier, period_from=period_from, period_to=period_to)
    return {r.account_id: (r.code, r.name, r.balance) for r in tb.rows}


def _lines(
    defs: tuple[LineDef, ...],
    now: dict[int, tuple[str, str, Decimal]],
    before: dict[int, tuple[str, str, Decimal]] | None,
) -> dict[str, StatementLine]:
    out = {d.key: StatementLine(d.key, str(d.label), ZERO, ZERO if before else None) for d in defs}
    accounts: dict[str, dict[int, AccountAmount]] = defaultdict(dict)
    for col, balances in (("now", now), ("before", before or {})):
        for account_id, (code, name, balance) in balances.items():
            d = _match(code, defs)
            if d is None:
                continue
            amount = balance * d.sign
            line = out[d.key]
            acc = accounts[d.key].get(account_id)
            if acc is None:
                acc = accounts[d.key][account_id] = AccountAmount(
                    account_id, code, name, ZERO, ZERO if before else None
                )
            if col == "now":
                line.amount += amount
                acc.amount += amount
            else:
                line.previous = (line.previous or ZERO) + amount
                acc.previous = (acc.previous or ZERO) + amount
    for key, line in out.items():
        line.accounts = sorted(accounts[key].values(), key=lambda a: a.code)
    return out


def _years(dossier: Dossier, year: int | None) -> tuple[FiscalYear, FiscalYear | None]:
    years = list(ledger.fiscal_years(dossier=dossier).order_by("-start"))
    if not years:
        raise Http404
    if year is None:
        today = Date.today()
        fy = next((y for y in years if y.start <= today), years[-1])
    else:
        fy = next((y for y in years if y.start.year == year), None)
        if fy is None:
            raise Http404
    previous = next((y for y in years if y.start < fy.start), None)
    return fy, previous


def _periods(
    dossier: Dossier,
    fy: FiscalYear,
    period_from: Period | None = None,
    period_to: Period | None = None,
) -> tuple[Period | None, Period | None]:
    first, last = ledger.period_range(dossier=dossier, fiscal_year=fy)
    return period_from or first, period_to or last


def _same_months_before(
    dossier: Dossier, previous: FiscalYear, first: Period | None, last: Period | None
) -> tuple[Period | None, Period | None]:
    """The previous year's periods at the same place in the year as `first`..`last`."""
    periods = list(Period.objects.filter(fiscal_year=previous).order_by("start"))
    if not periods or first is None or last is None:
        return None, None
    this = list(Period.objects.filter(fiscal_year=first.fiscal_year).order_by("start"))
    i = next((n for n, p in enumerate(this) if p.pk == first.pk), 0)
    j = next((n for n, p in enumerate(this) if p.pk == last.pk), len(this) - 1)
    return periods[min(i, len(periods) - 1)], periods[min(j, len(periods) - 1)]


def income_statement(
    *,
    dossier: Dossier,
    year: int | None = None,
    period_from: Period | None = None,
    period_to: Period | None = None,
) -> Statement:
    """Income and charges of a fiscal year (or a period range within it) against the same
    periods of the year before."""
    fy, previous = _years(dossier, year)
    first, last = _periods(dossier, fy, period_from, period_to)
    now = _balances(dossier, first, last) if first else {}
    before = None
    if previous is not None:
        p_first, p_last = _same_months_before(dossier, previous, first, last)
        before = _balances(dossier, p_first, p_last) if p_first else {}
    lines = _lines(INCOME_LINES, now, before)
    sections: list[StatementSection] = []
    running, running_prev = ZERO, (ZERO if before is not None else None)
    totals: dict[str, Decimal] = {}
    prev_totals: dict[str, Decimal] | None = {} if before is not None else None
    for key, label, keys in INCOME_SECTIONS:
        section_lines = [lines[k] for k in keys]
        defs = {d.key: d for d in INCOME_LINES}
        total = sum((ln.amount for ln in section_lines), ZERO)
        # The result adds income (-1 lines) and subtracts charges (+1 lines).
        signed = sum((ln.amount * -defs[ln.key].sign for ln in section_lines), ZERO)
        running += signed
        prev_total = None
        if running_prev is not None:
            prev_total = sum((ln.previous or ZERO for ln in section_lines), ZERO)
            running_prev += sum(
                ((ln.previous or ZERO) * -defs[ln.key].sign for ln in section_lines), ZERO
            )
        totals[key] = total
        if prev_totals is not None and prev_total is not None:
            prev_totals[key] = prev_total
        after = None
        if key in INCOME_SUBTOTALS:
            sub_key, sub_label = INCOME_SUBTOTALS[key]
            after = StatementLine(sub_key, str(sub_label), running, running_prev, subtotal=True)
            totals[sub_key] = running
            if prev_totals is not None and running_prev is not None:
                prev_totals[sub_key] = running_prev
        sections.append(StatementSection(key, str(label), section_lines, total, prev_total, after))
    return Statement("income", fy, previous, first, last, sections, totals, prev_totals)


def _result_line(
    now: dict[int, tuple[str, str, Decimal]], before: dict[int, tuple[str, str, Decimal]] | None
) -> StatementLine:
    """Classes 6 and 7 not yet closed into equity: the result still to appropriate."""

    def result(balances: dict[int, tuple[str, str, Decimal]]) -> Decimal:
        return -sum((b for code, _n, b in balances.values() if code[:1] in "67"), ZERO)

    return StatementLine(
        RESULT_LINE_KEY,
        str(_("Result to appropriate (classes 6-7 not yet closed)")),
        result(now),
        result(before) if before is not None else None,
    )


def balance_sheet(
    *, dossier: Dossier, year: int | None = None, period_to: Period | None = None
) -> Statement:
    """Assets and liabilities at the end of a fiscal year (or of `period_to`), cumulative
    from the books' first period, against the end of the year before."""
    fy, previous = _years(dossier, year)
    _first, last = _periods(dossier, fy, None, period_to)
    now = _balances(dossier, None, last) if last else {}
    before = None
    if previous is not None:
        _pf, p_last = ledger.period_range(dossier=dossier, fiscal_year=previous)
        before = _balances(dossier, None, p_last) if p_last else {}
    assets = _lines(ASSET_LINES, now, before)
    liabilities = _lines(LIABILITY_LINES, now, before)
    result = _result_line(now, before)
    a_lines = list(assets.values())
    l_lines = [*liabilities.values(), result]

    def total(lines: list[StatementLine], prev: bool) -> Decimal | None:
        if prev and before is None:
            return None
        return sum(((ln.previous or ZERO) if prev else ln.amount for ln in lines), ZERO)

    a_total, l_total = total(a_lines, False) or ZERO, total(l_lines, False) or ZERO
    a_prev, l_prev = total(a_lines, True), total(l_lines, True)
    sections = [
        StatementSection("assets", str(_("Assets")), a_lines, a_total, a_prev),
        StatementSection("liabilities", str(_("Equity and liabilities")), l_lines, l_total, l_prev),
    ]
    totals = {"assets": a_total, "liabilities": l_total}
    prev_totals = (
        {"assets": a_prev, "liabilities": l_prev}
        if a_prev is not None and l_prev is not None
        else None
    )
    return Statement("balance", fy, previous, None, last, sections, totals, prev_totals)


# --- Drill-down below a line: one account's months, then its entries.


@dataclass
class MonthRow:
    period: Period
    debit: Decimal
    credit: Decimal

    @property
    def balance(self) -> Decimal:
        return self.debit - self.credit


def account_months(
    *, dossier: Dossier, account: Account, fiscal_year: FiscalYear
) -> list[MonthRow]:
    """Debit and credit of one account per period of the year, from the period balances."""
    periods = list(
        Period.objects.filter(dossier=dossier, fiscal_year=fiscal_year).order_by("start")
    )
    sums = {
        r["period_id"]: r
        for r in PeriodBalance.objects.filter(
            dossier=dossier, account=account, period__fiscal_year=fiscal_year
        )
        .values("period_id")
        .annotate(d=Sum("debit"), c=Sum("credit"))
    }
    rows = []
    for p in periods:
        s = sums.get(p.pk)
        d = (s["d"] or ZERO).quantize(CENT) if s else ZERO
        c = (s["c"] or ZERO).quantize(CENT) if s else ZERO
        rows.append(MonthRow(p, d, c))
    return rows


def fiscal_year_of(*, dossier: Dossier, year: int | None) -> FiscalYear:
    return _years(dossier, year)[0]
