"""Read API of the books (D1, E, F data): chart, journals, periods, VAT codes,
counterparties, entries with lines, open items and the trial balance of a dossier.

Permission: office users who configure the dossier (Cap.CONFIGURE) or client users
who may see its dashboard and reports (Cap.FEEDBACK); see ledger.access.
Amounts are decimal strings ("1234.50"), never floats.
"""

import datetime as dt
from decimal import Decimal

from django.http import Http404
from ninja import Field, Router, Schema
from ninja.decorators import decorate_view
from ninja.pagination import paginate

from ledger import selectors as sel
from ledger.access import books_read_access
from ledger.models import Period

router = Router(tags=["books"])


class AccountOut(Schema):
    id: int
    code: str
    name: str
    name_fr: str
    name_nl: str
    name_en: str
    name_de: str
    kind: str
    active: bool


class JournalOut(Schema):
    id: int
    code: str
    kind: str
    alias: str
    description: str
    credit_note_only: bool
    currency: str
    number_format: str
    visible_to_client: bool
    iban: str
    account: str | None = Field(None, alias="account.code")
    active: bool


class PeriodOut(Schema):
    id: int
    fiscal_year: str
    number: int
    start: dt.date
    end: dt.date
    closed: bool
    closed_journals: list[str]


class VatCodeOut(Schema):
    id: int
    code: str
    name: str
    direction: str
    rate: Decimal
    kind: str
    region: str
    reverse_charge: bool
    base_grids: str
    vat_grid: str
    due_vat_grid: str
    credit_note_base_grid: str
    credit_note_vat_grid: str
    vat_account: str | None = Field(None, alias="vat_account.code")
    active: bool


class CounterpartyOut(Schema):
    id: int
    kind: str
    reference: str
    name: str
    vat_number: str
    iban: str
    bic: str
    street: str
    postcode: str
    city: str
    country: str
    language: str


class LineOut(Schema):
    id: int
    account: str = Field(..., alias="account.code")
    counterparty_id: int | None
    vat_code: str | None = Field(None, alias="vat_code.code")
    description: str
    debit: Decimal
    credit: Decimal
    amount_currency: Decimal | None
    vat_base: Decimal | None
    due_date: dt.date | None
    structured_ref: str


class EntryOut(Schema):
    id: int
    journal: str = Field(..., alias="journal.code")
    period_id: int
    date: dt.date
    document_date: dt.date | None
    number: str
    counterparty_id: int | None
    description: str
    currency: str
    amount_currency: Decimal | None
    document_id: int | None
    reversal_of_id: int | None
    posted_at: str
    lines: list[LineOut]

    @staticmethod
    def resolve_posted_at(obj) -> str:
        return obj.posted_at.isoformat()

    @staticmethod
    def resolve_lines(obj) -> list:
        return list(obj.lines.all())


class OpenItemOut(Schema):
    line_id: int
    entry_id: int
    journal: str
    number: str
    date: dt.date
    due_date: dt.date | None
    counterparty_id: int
    counterparty: str
    account: str
    amount: Decimal
    open_amount: Decimal
    structured_ref: str


class BalanceRowOut(Schema):
    account_id: int
    code: str
    name: str
    debit: Decimal
    credit: Decimal
    balance: Decimal


class TrialBalanceOut(Schema):
    period_from: dt.date | None
    period_to: dt.date | None
    total_debit: Decimal
    total_credit: Decimal
    accounts: list[BalanceRowOut]


@router.get(
    "/dossiers/{dossier_id}/books/accounts", response=list[AccountOut], summary="Chart of accounts"
)
@decorate_view(books_read_access())
def accounts(request, dossier_id: int, q: str = ""):
    return list(sel.account_list(dossier=request.dossier, search=q))


@router.get("/dossiers/{dossier_id}/books/journals", response=list[JournalOut], summary="Journals")
@decorate_view(books_read_access())
def journals(request, dossier_id: int):
    return list(sel.journal_list(dossier=request.dossier))


@router.get(
    "/dossiers/{dossier_id}/books/periods",
    response=list[PeriodOut],
    summary="Fiscal years' periods, open or closed per journal",
)
@decorate_view(books_read_access())
def periods(request, dossier_id: int):
    return [
        {
            "id": p.pk,
            "fiscal_year": p.fiscal_year.name,
            "number": p.number,
            "start": p.start,
            "end": p.end,
            "closed": p.closed,
            "closed_journals": [j.code for j in p.closed_journals.all()],
        }
        for p in sel.period_list(dossier=request.dossier)
    ]


@router.get(
    "/dossiers/{dossier_id}/books/vat-codes",
    response=list[VatCodeOut],
    summary="VAT codes with their VAT-return boxes",
)
@decorate_view(books_read_access())
def vat_codes(request, dossier_id: int):
    return list(sel.vat_code_list(dossier=request.dossier))


@router.get(
    "/dossiers/{dossier_id}/books/counterparties",
    response=list[CounterpartyOut],
    summary="Customers and suppliers",
)
@decorate_view(books_read_access())
@paginate
def counterparties(request, dossier_id: int, kind: str = "", q: str = ""):
    return sel.counterparty_list(dossier=request.dossier, kind=kind, search=q)


@router.get(
    "/dossiers/{dossier_id}/books/entries",
    response=list[EntryOut],
    summary="Posted entries with their lines",
)
@decorate_view(books_read_access())
@paginate
def entries(
    request,
    dossier_id: int,
    journal: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    q: str = "",
):
    qs = sel.entry_list(dossier=request.dossier, date_from=date_from, date_to=date_to, search=q)
    if journal:
        qs = qs.filter(journal__code=journal)
    return qs.prefetch_related("lines__account", "lines__vat_code")


@router.get(
    "/dossiers/{dossier_id}/books/entries/{entry_id}", response=EntryOut, summary="One entry"
)
@decorate_view(books_read_access())
def entry(request, dossier_id: int, entry_id: int):
    return sel.entry_get(dossier=request.dossier, entry_id=entry_id)


@router.get(
    "/dossiers/{dossier_id}/books/open-items",
    response=list[OpenItemOut],
    summary="Open customer and supplier items",
)
@decorate_view(books_read_access())
@paginate
def open_items(
    request,
    dossier_id: int,
    counterparty_id: int | None = None,
    kind: str = "",
    as_of: dt.date | None = None,
):
    cp = None
    if counterparty_id:
        cp = sel.counterparty_get(dossier=request.dossier, counterparty_id=counterparty_id)
    rows = sel.open_items(dossier=request.dossier, counterparty=cp, kind=kind, as_of=as_of)
    return [
        {
            "line_id": ln.pk,
            "entry_id": ln.entry_id,
            "journal": ln.entry.journal.code,
            "number": ln.entry.number,
            "date": ln.date,
            "due_date": ln.due_date,
            "counterparty_id": ln.counterparty_id,
            "counterparty": ln.counterparty.name,
            "account": ln.account.code,
            "amount": ln.amount,
            "open_amount": sel.open_amount_of(ln),
            "structured_ref": ln.structured_ref,
        }
        for ln in rows
    ]


def _period(dossier, pk: int | None) -> Period | None:
    if pk is None:
        return None
    return sel.period_get(dossier=dossier, period_id=pk)


@router.get(
    "/dossiers/{dossier_id}/books/trial-balance",
    response=TrialBalanceOut,
    summary="Trial balance over a fiscal year or a period range",
)
@decorate_view(books_read_access())
def trial_balance(
    request,
    dossier_id: int,
    year: int | None = None,
    period_from: int | None = None,
    period_to: int | None = None,
):
    dossier = request.dossier
    if year is not None:
        first, last = sel.period_range(dossier=dossier, year=year)
    else:
        first, last = _period(dossier, period_from), _period(dossier, period_to)
    if first and last and first.start > last.start:
        raise Http404
    tb = sel.trial_balance(dossier=dossier, period_from=first, period_to=last)
    return {
        "period_from": first.start if first else None,
        "period_to": last.end if last else None,
        "total_debit": tb.total_debit,
        "total_credit": tb.total_credit,
        "accounts": [
            {
                "account_id": r.account_id,
                "code": r.code,
                "name": r.name,
                "debit": r.debit,
                "credit": r.credit,
                "balance": r.balance,
            }
            for r in tb.rows
        ],
    }
