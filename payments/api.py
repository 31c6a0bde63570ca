"""Payments API (G1): a dossier's payment orders; create one. Amounts are decimal strings."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from ninja import Router, Schema
from ninja.decorators import decorate_view
from ninja.errors import HttpError

from bank.models import BankAccount
from payments import selectors as sel
from payments import services
from payments.checks import bic_clean, iban_clean, ogm_clean
from tenancy.access import dossier_access
from tenancy.policy import Cap

router = Router(tags=["payments"])


class OrderIn(Schema):
    account_id: int
    amount: Decimal
    execution_date: date
    creditor_name: str
    creditor_iban: str
    creditor_bic: str = ""
    communication_kind: str = "none"
    communication: str = ""
    document_id: int | None = None


def order_json(o) -> dict:
    return {
        "id": o.pk,
        "status": o.status,
        "account": o.account.number,
        "amount": str(o.amount),
        "execution_date": o.execution_date.isoformat(),
        "creditor_name": o.creditor_name,
        "creditor_iban": o.creditor_iban,
        "creditor_bic": o.creditor_bic,
        "communication_kind": o.communication_kind,
        "communication": o.communication,
        "document_id": o.document_id,
    }


@router.get("/dossiers/{dossier_id}/payments", summary="Payment orders")
@decorate_view(dossier_access(Cap.PAYMENTS))
def orders(request, dossier_id: int, status: str = "", limit: int = 100, offset: int = 0):
    rows = sel.order_list(dossier=request.dossier, status=status)
    return [order_json(o) for o in rows[offset : offset + min(limit, 500)]]


@router.post(
    "/dossiers/{dossier_id}/payments", summary="Create a payment order", response={201: dict}
)
@decorate_view(dossier_access(Cap.PAYMENTS))
def order_create(request, dossier_id: int, payload: OrderIn):
    from documents.models import Document

    account = BankAccount.objects.filter(dossier=request.dossier, pk=payload.account_id).first()
    if account is None:
        raise HttpError(422, "account_id: not an account of this dossier")
    document = None
    if payload.document_id is not None:
        document = Document.objects.filter(dossier=request.dossier, pk=payload.document_id).first()
        if document is None:
            raise HttpError(422, "document_id: not a document of this dossier")
    if payload.amount <= 0 or payload.amount != payload.amount.quantize(Decimal("0.01")):
        raise HttpError(422, "amount: positive, at most two decimals")
    try:
        iban = iban_clean(payload.creditor_iban)
        bic = bic_clean(payload.creditor_bic)
        text = payload.communication.strip()
        if payload.communication_kind == "structured":
            text = ogm_clean(text)
        elif payload.communication_kind == "none":
            text = ""
        elif payload.communication_kind != "free" or not text or len(text) > 140:
            raise ValidationError("communication: none, structured, or free with 1-140 characters")
        order = services.order_create(
            actor=request.user,
            dossier=request.dossier,
            data=services.OrderData(
                account=account,
                amount=payload.amount,
                execution_date=payload.execution_date,
                creditor_name=payload.creditor_name.strip()[:70],
                creditor_iban=iban,
                creditor_bic=bic,
                communication_kind=payload.communication_kind,
                communication=text,
                document=document,
            ),
        )
    except ValidationError as exc:
        raise HttpError(422, " ".join(str(m) for m in exc.messages)) from None
    return 201, order_json(order)
