"""Reads of the books, scoped to one dossier that the caller's access decorator loaded.

Balances come from `PeriodBalance` (a few rows per account and period), so the trial
balance and the key figures cost the same at 100 entries or 100,000. Account history
walks the (dossier, account, date, id) index one page at a time.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date as Date
from decimal import Decimal

from django.db.models import DecimalField, F, Q, QuerySet, Sum
from django.db.models.functions import Abs, Coalesce
from django.http import Http404

from ledger.models import (
    ZERO,
    Account,
    AccountChange,
    Books,
    Counterparty,
    Entry,
    EntryLine,
    ExportBatch,
    FiscalYear,
    ImportRun,
    Journal,
    Match,
    Period,
    PeriodBalance,
    Rubric,
    RubricScheme,
    SyncState,
    VatCode,
)
from tenancy.models import Dossier

MONEY = DecimalField(max_digits=14, decimal_places=2)
CENT = Decimal("0.01")


def books_for(dossier: Dossier) -> Books | None:
    return Books.objects.filter(dossier=dossier).select_related("active_period").first()


def sync_state_for(dossier: Dossier) -> SyncState:
    state = SyncState.objects.filter(dossier=dossier).first()
    return state or SyncState(dossier=dossier)


def _get(qs: QuerySet, dossier: Dossier, pk) -> object:
    try:
        return qs.get(dossier=dossier, pk=int(pk))
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def account_list(*, dossier: Dossier, search: str = "", account_class: str = "") -> QuerySet:
    qs = Account.objects.filter(dossier=dossier)
    if account_class:
        qs = qs.filter(code__startswith=account_class)
    if search:
        qs = qs.filter(
            Q(code__startswith=search)
            | Q(name_fr__icontains=search)
            | Q(name_nl__icontains=search)
            | Q(name_en__icontains=search)
            | Q(name_de__icontains=search)
        )
    return qs.order_by("code")


def account_get(*, dossier: Dossier, account_id) -> Account:
    return _get(Account.objects.all(), dossier, account_id)


def journal_list(*, dossier: Dossier, client_view: bool = False) -> QuerySet:
    qs = Journal.objects.filter(dossier=dossier).select_related("account")
    if client_view:
        qs = qs.filter(visible_to_client=True, active=True)
    return qs


def journal_get(*, dossier: Dossier, journal_id) -> Journal:
    return _get(Journal.objects.all(), dossier, journal_id)


def fiscal_years(*, dossier: Dossier) -> QuerySet:
    return FiscalYear.objects.filter(dossier=dossier).prefetch_related(
        "periods", "periods__closed_journals"
    )


def period_list(*, dossier: Dossier) -> QuerySet:
    return (
        Period.objects.filter(dossier=dossier)
        .select_related("fiscal_year")
        .prefetch_related("closed_journals")
    )


def period_get(*, dossier: Dossier, period_id) -> Period:
    return _get(Period.objects.select_related("fiscal_year"), dossier, period_id)


def vat_code_list(*, dossier: Dossier) -> QuerySet:
    return VatCode.objects.filter(dossier=dossier).select_related("vat_account", "due_vat_account")


def counterparty_list(*, dossier: Dossier, kind: str = "", search: str = "") -> QuerySet:
    qs = Counterparty.objects.filter(dossier=dossier).select_related(
        "default_account", "default_vat_code"
    )
    if kind:
        qs = qs.filter(kind=kind)
    if search:
        qs = qs.filter(
            Q(name__icontains=search)
            | Q(reference__icontains=search)
            | Q(vat_number__icontains=search)
        )
    return qs


def counterparty_get(*, dossier: Dossier, counterparty_id) -> Counterparty:
    return _get(Counterparty.objects.all(), dossier, counterparty_id)


def counterparty_find(
    *, dossier: Dossier, vat_number: str = "", iban: str = "", name: str = "", kind: str = ""
) -> Counterparty | None:
    """Enrichment order (C4): VAT number, then IBAN, then exact name."""
    qs = Counterparty.objects.filter(dossier=dossier, active=True)
    if kind:
        qs = qs.filter(kind=kind)
    for field_name, value in (("vat_number", vat_number), ("iban", iban), ("name__iexact", name)):
        value = (value or "").replace(" ", "") if field_name != "name__iexact" else name
        if value:
            found = qs.filter(**{field_name: value}).first()
            if found:
                return found
    return None


def entry_list(
    *,
    dossier: Dossier,
    journal_id: int | None = None,
    period_id: int | None = None,
    search: str = "",
    date_from: Date | None = None,
    date_to: Date | None = None,
) -> QuerySet:
    qs = Entry.objects.filter(dossier=dossier).select_related("journal", "period", "counterparty")
    if journal_id:
        qs = qs.filter(journal_id=journal_id)
    if period_id:
        qs = qs.filter(period_id=period_id)
    if date_from:
        qs = qs.filter(date__gte=date_from)
    if date_to:
        qs = qs.filter(date__lte=date_to)
    if search:
        qs = qs.filter(
            Q(number__icontains=search)
            | Q(description__icontains=search)
            | Q(counterparty__name__icontains=search)
        )
    return qs.order_by("-date", "-id")


def entry_get(*, dossier: Dossier, entry_id) -> Entry:
    return _get(
        Entry.objects.select_related("journal", "period", "counterparty", "reversal_of"),
        dossier,
        entry_id,
    )


def entry_lines(*, entry: Entry) -> QuerySet:
    return entry.lines.select_related("account", "counterparty", "vat_code").order_by("id")


def entry_total(entry: Entry) -> Decimal:
    return entry.lines.aggregate(t=Coalesce(Sum("debit"), ZERO, output_field=MONEY))["t"]


# --- Open items (E, F3, F6)


def open_items(
    *,
    dossier: Dossier,
    counterparty: Counterparty | None = None,
    as_of: Date | None = None,
    kind: str = "",
    include_settled: bool = False,
) -> QuerySet:
    """Customer and supplier lines with what is still open on them.

    Each row is annotated with `amount` (signed, debit positive), `matched` (positive) and
    `open_amount` (signed like `amount`). `kind` is "customer" or "supplier".
    """
    qs = EntryLine.objects.filter(dossier=dossier, is_open_item=True)
    if counterparty is not None:
        qs = qs.filter(counterparty=counterparty)
    if kind:
        qs = qs.filter(counterparty__kind=kind)
    if as_of is not None:
        qs = qs.filter(date__lte=as_of)
    match_filter = Q(matches__reconciliation__date__lte=as_of) if as_of is not None else None
    qs = qs.annotate(
        amount=F("debit") - F("credit"),
        matched=Coalesce(Sum("matches__amount", filter=match_filter), ZERO, output_field=MONEY),
    ).annotate(open_abs=Abs(F("debit") - F("credit")) - F("matched"))
    if not include_settled:
        qs = qs.filter(open_abs__gt=0)
    return qs.select_related("entry", "entry__journal", "counterparty", "account").order_by(
        "counterparty__name", "due_date", "date", "id"
    )


def open_amount_of(line: EntryLine) -> Decimal:
    """Signed open amount of an annotated open-items row."""
    sign = 1 if line.debit >= line.credit else -1
    return (line.open_abs * sign).quantize(CENT)


def open_amounts(line_ids: Iterable[int]) -> dict[int, Decimal]:
    """Remaining (positive) amount of each open-item line."""
    ids = list(line_ids)
    lines = EntryLine.objects.filter(pk__in=ids).values_list("pk", "debit", "credit")
    matched = dict(
        Match.objects.filter(line_id__in=ids)
        .values("line_id")
        .annotate(s=Sum("amount"))
        .values_list("line_id", "s")
    )
    return {pk: (abs(d - c) - matched.get(pk, ZERO)).quantize(CENT) for pk, d, c in lines}


# --- Balances


@dataclass
class BalanceRow:
    account_id: int
    code: str
    name: str
    debit: Decimal = ZERO
    credit: Decimal = ZERO

    @property
    def balance(self) -> Decimal:
        return self.debit - self.credit


@dataclass
class TrialBalance:
    rows: list[BalanceRow] = field(default_factory=list)
    period_from: Period | None = None
    period_to: Period | None = None

    @property
    def total_debit(self) -> Decimal:
        return sum((r.debit for r in self.rows), ZERO)

    @property
    def total_credit(self) -> Decimal:
        return sum((r.credit for r in self.rows), ZERO)


def period_range(
    *,
    dossier: Dossier,
    year: int | None = None,
    fiscal_year: FiscalYear | None = None,
    period_from: Period | None = None,
    period_to: Period | None = None,
) -> tuple[Period | None, Period | None]:
    """The first and last period of a fiscal year (by object or start year) or as given."""
    if fiscal_year is None and year is not None:
        fiscal_year = FiscalYear.objects.filter(dossier=dossier, start__year=year).first()
        if fiscal_year is None:
            raise Http404
    if fiscal_year is not None:
        periods = list(Period.objects.filter(fiscal_year=fiscal_year).order_by("start"))
        if periods:
            return periods[0], periods[-1]
        return None, None
    return period_from, period_to


def trial_balance(
    *,
    dossier: Dossier,
    period_from: Period | None = None,
    period_to: Period | None = None,
    include_zero: bool = False,
) -> TrialBalance:
    """Debit and credit totals per account over a period range (all periods by default)."""
    qs = PeriodBalance.objects.filter(dossier=dossier)
    if period_from is not None:
        qs = qs.filter(period__start__gte=period_from.start)
    if period_to is not None:
        qs = qs.filter(period__start__lte=period_to.start)
    sums = {
        row["account_id"]: row
        for row in qs.values("account_id").annotate(d=Sum("debit"), c=Sum("credit"))
    }
    accounts = Account.objects.filter(dossier=dossier).only(
        "id", "code", "name_fr", "name_nl", "name_en", "name_de"
    )
    rows = []
    for acc in accounts.order_by("code"):
        s = sums.get(acc.pk)
        if s is None and not include_zero:
            continue
        d = (s["d"] or ZERO).quantize(CENT) if s else ZERO
        c = (s["c"] or ZERO).quantize(CENT) if s else ZERO
        if not include_zero and d == ZERO and c == ZERO:
            continue
        rows.append(BalanceRow(acc.pk, acc.code, acc.name, d, c))
    return TrialBalance(rows=rows, period_from=period_from, period_to=period_to)


def trial_balance_from_lines(*, dossier: Dossier) -> dict[int, tuple[Decimal, Decimal]]:
    """The same totals straight from the lines: the check that PeriodBalance is right.

    SQLite sums decimals as REAL: exact to far below a cent at these magnitudes, so every
    sum is quantised back to cents.
    """
    return {
        r["account_id"]: (r["d"].quantize(CENT), r["c"].quantize(CENT))
        for r in EntryLine.objects.filter(dossier=dossier)
        .values("account_id")
        .annotate(d=Sum("debit"), c=Sum("credit"))
        if r["d"] or r["c"]
    }


@dataclass
class HistoryPage:
    account: Account
    opening: Decimal
    rows: list[dict]
    total_debit: Decimal
    total_credit: Decimal
    has_more: bool
    next_cursor: str


def account_history(
    *,
    dossier: Dossier,
    account: Account,
    date_from: Date,
    date_to: Date,
    cursor: str = "",
    limit: int = 100,
) -> HistoryPage:
    """One page of an account's lines in a date range, with the running balance.

    `cursor` is "<date>:<id>" of the last row of the previous page (keyset pagination, so
    page 300 costs what page 1 does).
    """
    base = EntryLine.objects.filter(dossier=dossier, account=account)
    in_range = base.filter(date__gte=date_from, date__lte=date_to)
    periods = list(Period.objects.filter(dossier=dossier).values_list("pk", "start", "end"))
    whole = any(p[1] == date_from for p in periods) and any(p[2] == date_to for p in periods)
    if whole:
        # Whole periods: opening and totals from PeriodBalance, a few rows whatever the volume.
        before = [pk for pk, start, _end in periods if start < date_from]
        inside = [pk for pk, start, end in periods if start >= date_from and end <= date_to]
        opening_dc = _sum_dc(PeriodBalance.objects.filter(account=account, period_id__in=before))
        totals = _sum_dc(PeriodBalance.objects.filter(account=account, period_id__in=inside))
    else:
        opening_dc = _sum_dc(base.filter(date__lt=date_from))
        totals = _sum_dc(in_range)
    opening = opening_dc[0] - opening_dc[1]
    page_start = opening
    if cursor:
        c_date, c_id = cursor.split(":")
        c_day = Date.fromisoformat(c_date)
        seen = _sum_dc(in_range.filter(Q(date__lt=c_day) | Q(date=c_day, id__lte=int(c_id))))
        page_start = opening + seen[0] - seen[1]
        in_range = in_range.filter(Q(date__gt=c_day) | Q(date=c_day, id__gt=int(c_id)))
    page = list(
        in_range.order_by("date", "id").select_related("entry", "entry__journal", "counterparty")[
            : limit + 1
        ]
    )
    has_more = len(page) > limit
    page = page[:limit]
    running = page_start
    rows = []
    for line in page:
        running += line.debit - line.credit
        rows.append({"line": line, "balance": running})
    last = page[-1] if page else None
    return HistoryPage(
        account=account,
        opening=opening,
        rows=rows,
        total_debit=totals[0],
        total_credit=totals[1],
        has_more=has_more,
        next_cursor=f"{last.date.isoformat()}:{last.pk}" if (last and has_more) else "",
    )


def _sum_dc(qs) -> tuple[Decimal, Decimal]:
    agg = qs.aggregate(
        d=Coalesce(Sum("debit"), ZERO, output_field=MONEY),
        c=Coalesce(Sum("credit"), ZERO, output_field=MONEY),
    )
    return agg["d"].quantize(CENT), agg["c"].quantize(CENT)


# --- Key figures (the data behind F1)


def balances_by_prefix(
    *, dossier: Dossier, prefixes: Iterable[str], period_from=None, period_to=None
) -> dict[str, Decimal]:
    """Signed balance (debit - credit) of all accounts under each prefix."""
    tb = trial_balance(dossier=dossier, period_from=period_from, period_to=period_to)
    out = {p: ZERO for p in prefixes}
    for row in tb.rows:
        for p in out:
            if row.code.startswith(p):
                out[p] += row.balance
    return out


def key_figures(*, dossier: Dossier, fiscal_year: FiscalYear) -> dict[str, Decimal]:
    """Turnover, results and liquidity of one fiscal year (SPEC F1 definitions)."""
    first, last = period_range(dossier=dossier, fiscal_year=fiscal_year)
    b = balances_by_prefix(
        dossier=dossier,
        prefixes=[
            "70",
            "71",
            "72",
            "74",
            "75",
            "76",
            "60",
            "61",
            "62",
            "63",
            "64",
            "65",
            "66",
            "67",
            "55",
            "56",
            "57",
            "40",
            "44",
        ],
        period_from=first,
        period_to=last,
    )
    income = -sum((b[p] for p in ("70", "71", "72", "74", "75", "76")), ZERO)
    charges = sum((b[p] for p in ("60", "61", "62", "63", "64", "65", "66")), ZERO)
    operating_income = -sum((b[p] for p in ("70", "71", "72", "74")), ZERO)
    operating_charges = sum((b[p] for p in ("60", "61", "62", "63", "64")), ZERO)
    # Balance-sheet figures are cumulative from the first period of the books.
    cum = balances_by_prefix(
        dossier=dossier, prefixes=["55", "56", "57", "40", "44"], period_to=last
    )
    return {
        "turnover": -b["70"],
        "operating_income": operating_income,
        "operating_charges": operating_charges,
        "operating_result": operating_income - operating_charges,
        "financial_income": -b["75"],
        "result_before_tax": income - charges,
        "liquidity": cum["55"] + cum["56"] + cum["57"],
        "receivables": cum["40"],
        "payables": -cum["44"],
    }


def rubric_scheme_for(dossier: Dossier) -> RubricScheme | None:
    """The dossier's own scheme if it has one, else the office's default (D7)."""
    return (
        RubricScheme.objects.filter(dossier=dossier).first()
        or RubricScheme.objects.filter(office_id=dossier.office_id, dossier__isnull=True).first()
    )


def rubric_of(scheme: RubricScheme | None, account_code: str) -> Rubric | None:
    """The rubric whose longest prefix matches the account."""
    if scheme is None:
        return None
    best, best_len = None, -1
    for rubric in scheme.rubrics.all():
        for p in rubric.prefix_list():
            if account_code.startswith(p) and len(p) > best_len:
                best, best_len = rubric, len(p)
    return best


def cost_breakdown(*, dossier: Dossier, fiscal_year: FiscalYear) -> list[tuple[str, Decimal]]:
    """Charges (60-66) per rubric of the dossier's scheme."""
    scheme = rubric_scheme_for(dossier)
    first, last = period_range(dossier=dossier, fiscal_year=fiscal_year)
    tb = trial_balance(dossier=dossier, period_from=first, period_to=last)
    out: dict[str, Decimal] = defaultdict(lambda: ZERO)
    names: dict[str, str] = {}
    for row in tb.rows:
        if row.code[:2] not in {"60", "61", "62", "63", "64", "65", "66"}:
            continue
        rubric = rubric_of(scheme, row.code)
        key = rubric.code if rubric else "?"
        names[key] = rubric.name if rubric else row.code[:2]
        out[key] += row.balance
    return [(names[k], v) for k, v in sorted(out.items(), key=lambda kv: -kv[1])]


def account_changes_pending(*, dossier: Dossier) -> QuerySet:
    return AccountChange.objects.filter(dossier=dossier, reviewed_at__isnull=True).select_related(
        "account"
    )


def import_runs(*, dossier: Dossier) -> QuerySet:
    return ImportRun.objects.filter(dossier=dossier)


def import_run_get(*, dossier: Dossier, run_id) -> ImportRun:
    return _get(ImportRun.objects.all(), dossier, run_id)


def export_batches(*, dossier: Dossier) -> QuerySet:
    return ExportBatch.objects.filter(dossier=dossier)


def sync_overview(*, dossiers: QuerySet) -> list[tuple[Dossier, SyncState | None, Books | None]]:
    """Sync status and review flag of each dossier (office monitor, I1/I4)."""
    dossiers = list(dossiers)
    ids = [d.pk for d in dossiers]
    states = {s.dossier_id: s for s in SyncState.objects.filter(dossier_id__in=ids)}
    books = {b.dossier_id: b for b in Books.objects.filter(dossier_id__in=ids)}
    return [(d, states.get(d.pk), books.get(d.pk)) for d in dossiers]


VAT_RETURN_FRAMES = (
    # Form 625: Cadre II operations at exit, III at entry, IV VAT due, V VAT deductible,
    # VI balance (box order of the return).
    ("II", ("00", "01", "02", "03", "44", "45", "46", "47", "48", "49")),
    ("III", ("81", "82", "83", "84", "85", "86", "87", "88")),
    ("IV", ("54", "55", "56", "57", "61", "63")),
    ("V", ("59", "62", "64")),
    ("VI", ("71", "72")),
)


def vat_return(*, dossier: Dossier, period_from: Period, period_to: Period) -> dict[str, Decimal]:
    """The boxes of the periodic VAT return for the entries booked in these periods.

    The booking period decides: an invoice received after its period was closed is
    declared in the return of the period it is booked in (its own date stays on the
    entry). Derived from the lines each time, so it cannot go stale.
    """
    from ledger.belgium.vat_return import boxes_of_lines, with_balance

    codes = {v.pk: v for v in VatCode.objects.filter(dossier=dossier)}
    lines = EntryLine.objects.filter(
        dossier=dossier,
        vat_code__isnull=False,
        period__start__gte=period_from.start,
        period__end__lte=period_to.end,
    ).only("account_id", "vat_code_id", "debit", "credit", "vat_base")
    return with_balance(boxes_of_lines(lines, codes))
