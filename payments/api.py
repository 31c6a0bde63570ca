"""Payments API (G1-G4): payment orders, the basket's execution into pain.001 files, EPC
payloads, approval, and the accounts a payment can leave from. Amounts are decimal strings.

Statuses as the API shows them: draft, to_approve, to_execute, executed, paid, refused.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from ninja import Router, Schema
from ninja.decorators import decorate_view
from ninja.errors import HttpError

from bank.models import BankAccount
from payments import selectors as sel
from payments import services
from payments.checks import bic_clean, iban_clean, ogm_clean, sepa_clean
from payments.epc import EpcRefused, order_payload, qr_png
from payments.models import OrderStatus, PaymentOrder
from tenancy.access import dossier_access, object_access
from tenancy.policy import Cap

router = Router(tags=["payments"])

SHOWN = {OrderStatus.APPROVED: "to_execute", OrderStatus.EXPORTED: "executed"}
STORED = {v: k for k, v in SHOWN.items()}


class OrderIn(Schema):
    debtor_account: int | str | None = None  # an account id, or its IBAN
    account_id: int | None = None  # older name of debtor_account
    amount: str | Decimal
    currency: str = "EUR"
    execution_date: date
    creditor_name: str
    creditor_iban: str
    creditor_bic: str = ""
    communication_type: str | None = None
    communication_kind: str | None = None  # older name of communication_type
    communication: str = ""
    document: int | None = None
    document_id: int | None = None  # older name of document
    idempotency_key: str = ""


class ExecuteIn(Schema):
    payments: list[int]
    execution_date: date | None = None


def order_json(o) -> dict:
    return {
        "id": o.pk,
        "status": SHOWN.get(o.status, o.status),
        "debtor_account": o.account.number,
        "account": o.account.number,
        "amount": str(o.amount),
        "currency": "EUR",
        "execution_date": o.execution_date.isoformat(),
        "creditor_name": o.creditor_name,
        "creditor_iban": o.creditor_iban,
        "creditor_bic": o.creditor_bic,
        "communication_type": o.communication_kind,
        "communication_kind": o.communication_kind,
        "communication": o.communication,
        "document": o.document_id,
        "document_id": o.document_id,
    }


def _fail(exc: ValidationError):
    raise HttpError(422, " ".join(str(m) for m in exc.messages)) from None


@router.get("/dossiers/{dossier_id}/payments", summary="Payment orders")
@decorate_view(dossier_access(Cap.PAYMENTS))
def orders(request, dossier_id: int, status: str = "", limit: int = 100, offset: int = 0):
    rows = sel.order_list(dossier=request.dossier, status=STORED.get(status, status))
    return [order_json(o) for o in rows[offset : offset + min(limit, 500)]]


def _account(dossier, ref) -> BankAccount:
    rows = BankAccount.objects.filter(dossier=dossier)
    account = None
    if isinstance(ref, int) or (isinstance(ref, str) and ref.isdigit()):
        account = rows.filter(pk=int(ref)).first()
    elif isinstance(ref, str) and ref.strip():
        wanted = ref.replace(" ", "").upper()
        account = next((a for a in rows if a.number.replace(" ", "").upper() == wanted), None)
    if account is None:
        raise HttpError(422, "debtor_account: not an account of this dossier")
    return account


@router.post(
    "/dossiers/{dossier_id}/payments", summary="Create a payment order", response={201: dict}
)
@decorate_view(dossier_access(Cap.PAYMENTS))
def order_create(request, dossier_id: int, payload: OrderIn):
    from documents.models import Document

    ref = payload.debtor_account if payload.debtor_account is not None else payload.account_id
    if ref is None:
        ref = next(iter(sel.accounts(dossier=request.dossier, form_only=True)), None)
        ref = ref.pk if ref is not None else None
    account = _account(request.dossier, ref)
    document = None
    document_id = payload.document if payload.document is not None else payload.document_id
    if document_id is not None:
        document = Document.objects.filter(dossier=request.dossier, pk=document_id).first()
        if document is None:
            raise HttpError(422, "document: not a document of this dossier")
    if payload.currency.upper() != "EUR":
        raise HttpError(422, "currency: SEPA credit transfers are in EUR only")
    try:
        amount = Decimal(str(payload.amount))
    except InvalidOperation:
        raise HttpError(422, "amount: a decimal number such as 121.50") from None
    if not amount.is_finite() or amount != amount.quantize(Decimal("0.01")):
        raise HttpError(422, "amount: at most two decimals")
    if not Decimal("0.01") <= amount <= services.MAX_AMOUNT:
        raise HttpError(422, "amount: between 0.01 and 999999999.99")
    kind = payload.communication_type or payload.communication_kind or "none"
    key = request.headers.get("Idempotency-Key", "") or payload.idempotency_key
    try:
        iban = iban_clean(payload.creditor_iban)
        bic = bic_clean(payload.creditor_bic)
        name = sepa_clean(payload.creditor_name.strip(), 70)
        text = payload.communication.strip()
        if kind == "structured":
            text = ogm_clean(text)
        elif kind == "none":
            text = ""
        elif kind != "free" or not text:
            raise ValidationError("communication: none, structured, or free with 1-140 characters")
        else:
            text = sepa_clean(text, 140)
        order = services.order_create(
            actor=request.user,
            dossier=request.dossier,
            data=services.OrderData(
                account=account,
                amount=amount,
                execution_date=payload.execution_date,
                creditor_name=name,
                creditor_iban=iban,
                creditor_bic=bic,
                communication_kind=kind,
                communication=text,
                document=document,
                idempotency_key=key[:64],
            ),
        )
    except ValidationError as exc:
        _fail(exc)
    return 201, order_json(order)


@router.post(
    "/dossiers/{dossier_id}/payments/execute",
    summary="Execute payments: one pain.001 file per debtor account",
    response={201: dict},
)
@decorate_view(dossier_access(Cap.PAYMENTS))
def execute(request, dossier_id: int, payload: ExecuteIn):
    orders = list(
        PaymentOrder.objects.filter(dossier=request.dossier, pk__in=payload.payments)
        .select_related("account")
        .order_by("pk")
    )
    if len(orders) != len(set(payload.payments)):
        raise HttpError(422, "payments: not all are payment orders of this dossier")
    try:
        exports = services.exports_per_account(
            actor=request.user,
            dossier=request.dossier,
            orders=orders,
            execution_date=payload.execution_date,
        )
    except ValidationError as exc:
        _fail(exc)
    return 201, {
        "batches": [
            {
                "id": e.pk,
                "debtor_account": e.account.number,
                "version": e.version,
                "execution_date": e.execution_date.isoformat(),
                "count": e.orders.count(),
                "total": str(e.total),
                "file_url": f"/api/payment-batches/{e.pk}/file",
            }
            for e in exports
        ]
    }


@router.get("/payment-batches/{batch_id}/file", summary="The pain.001 file of a batch")
@decorate_view(object_access("payments.PaymentExport", Cap.PAYMENTS, "batch_id"))
def batch_file(request, batch_id: int):
    export = request.fidu_object
    response = HttpResponse(export.xml.encode("utf-8"), content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="{export.message_id}.xml"'
    return response


@router.get("/payments/{order_id}/epc", summary="The EPC QR code's text (EPC069-12)")
@decorate_view(object_access("payments.PaymentOrder", Cap.PAYMENTS, "order_id"))
def epc(request, order_id: int):
    try:
        return {"payload": order_payload(request.fidu_object)}
    except EpcRefused as exc:
        raise HttpError(422, str(exc)) from None


@router.get("/payments/{order_id}/epc.png", summary="The EPC QR code as a PNG image")
@decorate_view(object_access("payments.PaymentOrder", Cap.PAYMENTS, "order_id"))
def epc_png(request, order_id: int):
    try:
        payload = order_payload(request.fidu_object)
    except EpcRefused as exc:
        raise HttpError(422, str(exc)) from None
    return HttpResponse(qr_png(payload), content_type="image/png")


def _decide(request, decide):
    try:
        order = decide(actor=request.user, order=request.fidu_object)
    except PermissionDenied:
        raise HttpError(403, "You may not approve this payment order.") from None
    except ValidationError as exc:
        _fail(exc)
    return order_json(order)


@router.post("/payments/{order_id}/approve", summary="Approve a payment order")
@decorate_view(object_access("payments.PaymentOrder", Cap.PAYMENTS, "order_id"))
def approve(request, order_id: int):
    return _decide(request, services.order_approve)


@router.post("/payments/{order_id}/reject", summary="Reject a payment order")
@decorate_view(object_access("payments.PaymentOrder", Cap.PAYMENTS, "order_id"))
def reject(request, order_id: int):
    return _decide(request, services.order_refuse)


@router.get("/dossiers/{dossier_id}/bank/accounts", summary="Bank accounts for payments")
@decorate_view(dossier_access(Cap.PAYMENTS))
def accounts(request, dossier_id: int):
    return [
        {
            "id": a.pk,
            "iban": a.number.replace(" ", ""),
            "bic": a.pay.bic,
            "default": a.pay.is_default,
            "visible": a.pay.visible,
            "currency": a.currency,
            "format": a.pay.pain_version,
            "description": a.description,
        }
        for a in sel.accounts(dossier=request.dossier)
    ]
