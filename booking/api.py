"""REST API of the booking factory: list, read, correct and send proposals."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from ninja import Router, Schema
from ninja.decorators import decorate_view
from ninja.pagination import paginate

from booking import selectors, services
from booking.forms import worklist_filter
from booking.models import Proposal
from booking.policy import may_open, may_send_proposal
from booking.rules import problem_text
from booking.services import LineInput
from tenancy.access import dossier_access, object_access
from tenancy.policy import Cap

router = Router(tags=["booking"])


def _proposal_route():
    return object_access("booking.Proposal", Cap.VIEW, kwarg="proposal_id", check=may_open)


class CounterpartyOut(Schema):
    id: int | None
    name: str
    vat: str
    new: bool


class LineOut(Schema):
    account: str | None
    vat_code: str | None
    base: Decimal
    vat: Decimal
    note: str
    source: str


class ProblemOut(Schema):
    field: str
    message: str
    level: str


class ProposalOut(Schema):
    id: int
    document: int
    file_name: str
    state: str
    status: str
    kind: str
    direction: str
    doc_kind: str
    counterparty: CounterpartyOut
    invoice_number: str
    invoice_date: date | None
    due_date: date | None
    period: str | None
    journal: str | None
    number: str
    currency: str
    exchange_rate: Decimal
    total_currency: Decimal | None
    total_incl_vat: Decimal | None
    payment_reference: str
    instruction: str
    suspense: bool
    problems: list[ProblemOut]
    lines: list[LineOut]
    corrections: int
    version: int
    created_seconds: float
    created_at: datetime
    sent_at: datetime | None


def proposal_out(p: Proposal) -> dict:
    cp = p.counterparty
    return {
        "id": p.pk,
        "document": p.document_id,
        "file_name": p.document.file_name,
        "state": p.state,
        "status": p.status,
        "kind": p.kind,
        "direction": p.direction,
        "doc_kind": p.doc_kind,
        "counterparty": {
            "id": cp.pk if cp else None,
            "name": cp.name if cp else p.new_name,
            "vat": cp.vat_number if cp else p.new_vat,
            "new": cp is None,
        },
        "invoice_number": p.invoice_number,
        "invoice_date": p.invoice_date,
        "due_date": p.due_date,
        "period": p.period.label if p.period_id else None,
        "journal": p.journal.code if p.journal_id else None,
        "number": p.number,
        "currency": p.currency,
        "exchange_rate": p.exchange_rate,
        "total_currency": p.total_currency,
        "total_incl_vat": p.total,
        "payment_reference": p.payment_reference,
        "instruction": p.instruction,
        "suspense": p.suspense,
        "problems": [{**pr, "message": problem_text(pr)} for pr in p.problems],
        "lines": [
            {
                "account": ln.account.code if ln.account_id else None,
                "vat_code": ln.vat_code.code if ln.vat_code_id else None,
                "base": ln.base,
                "vat": ln.vat,
                "note": ln.note,
                "source": ln.source,
            }
            for ln in p.lines.all()
        ],
        "corrections": p.corrections,
        "version": p.version,
        "created_seconds": p.created_seconds,
        "created_at": p.created_at,
        "sent_at": p.sent_at,
    }


def _load(pk: int) -> Proposal:
    return (
        Proposal.objects.select_related("document", "journal", "period", "counterparty")
        .prefetch_related("lines__account", "lines__vat_code")
        .get(pk=pk)
    )


@router.get("/dossiers/{dossier_id}/proposals", response=list[ProposalOut])
@decorate_view(dossier_access(Cap.WORKLIST))
@paginate
def proposal_index(
    request,
    dossier_id: int,
    tab: str = "purchase",
    state: str = "open",
    status: str = "",
    kind: str = "",
    q: str = "",
    sort: str = "",
    dir: str = "",
):
    f = worklist_filter(
        {
            "tab": tab,
            "state": state,
            "status": status,
            "kind": kind,
            "q": q,
            "sort": sort,
            "dir": dir,
        }
    )
    qs = selectors.worklist(dossier=request.dossier, f=f).select_related("counterparty")
    return _Mapped(qs.prefetch_related("lines__account", "lines__vat_code"))


class _Mapped:
    """A queryset the paginator slices (one page of rows loaded), mapped to the output."""

    def __init__(self, qs):
        self.qs = qs

    def __len__(self) -> int:
        return self.qs.count()

    def count(self) -> int:
        return self.qs.count()

    def __getitem__(self, item):
        rows = self.qs[item]
        return [proposal_out(p) for p in rows] if isinstance(item, slice) else proposal_out(rows)


@router.get("/proposals/{proposal_id}", response=ProposalOut)
@decorate_view(_proposal_route())
def proposal_get(request, proposal_id: int):
    return proposal_out(_load(proposal_id))


class LineIn(Schema):
    account: str | None = None  # account code
    vat_code: str | None = None
    base: Decimal
    vat: Decimal = Decimal("0")
    note: str = ""


class ProposalPatch(Schema):
    version: int
    invoice_number: str | None = None
    invoice_date: date | None = None
    due_date: date | None = None
    counterparty_id: int | None = None
    new_name: str | None = None
    new_vat: str | None = None
    journal: str | None = None  # code
    total_incl_vat: Decimal | None = None
    payment_reference: str | None = None
    instruction: str | None = None
    help_needed: bool | None = None
    lines: list[LineIn] | None = None
    check: bool = False


@router.patch("/proposals/{proposal_id}", response={200: ProposalOut, 409: dict})
@decorate_view(_proposal_route())
def proposal_patch(request, proposal_id: int, payload: ProposalPatch):
    from ledger.models import Account, Journal, VatCode

    p = request.fidu_object
    data = payload.dict(exclude_unset=True)
    changes = {
        k: data[k]
        for k in (
            "invoice_number",
            "invoice_date",
            "due_date",
            "counterparty_id",
            "new_name",
            "new_vat",
            "payment_reference",
            "instruction",
            "help_needed",
        )
        if k in data and data[k] is not None
    }
    if data.get("total_incl_vat") is not None:
        changes["total"] = data["total_incl_vat"]
    if data.get("journal"):
        j = Journal.objects.filter(dossier_id=p.dossier_id, code=data["journal"]).first()
        if j is None:
            raise ValidationError("Unknown journal.")
        changes["journal_id"] = j.pk
    lines = None
    if payload.lines is not None:
        lines = []
        for ln in payload.lines:
            acc = Account.objects.filter(dossier_id=p.dossier_id, code=ln.account).first()
            vat = VatCode.objects.filter(dossier_id=p.dossier_id, code=ln.vat_code).first()
            if (ln.account and acc is None) or (ln.vat_code and vat is None):
                raise ValidationError("Unknown account or VAT code.")
            lines.append(
                LineInput(
                    acc.pk if acc else None, vat.pk if vat else None, ln.base, ln.vat, ln.note
                )
            )
    try:
        services.proposal_update(
            actor=request.user,
            proposal_id=p.pk,
            version=payload.version,
            changes=changes,
            lines=lines,
            check=payload.check,
        )
    except services.EditConflict as exc:
        return 409, {"detail": " ".join(exc.messages)}
    return 200, proposal_out(_load(p.pk))


@router.post("/proposals/{proposal_id}/send", response=ProposalOut)
@decorate_view(_proposal_route())
def proposal_send(request, proposal_id: int):
    p = request.fidu_object
    if not may_send_proposal(request.user, p):
        raise PermissionDenied
    services.proposal_send(actor=request.user, proposal_id=p.pk)
    return proposal_out(_load(p.pk))
