"""Invoicing API (J1-J2): make an invoice or credit note, get its UBL and PDF, send it.

Errors answer 422 with `{"detail": "..."}` in words a person can act on.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from ninja import Router, Schema
from ninja.decorators import decorate_view
from ninja.errors import HttpError

from invoicing import delivery, pdf, selectors, services, ubl
from invoicing.models import Customer, Invoice
from invoicing.services import LineData
from tenancy.access import dossier_access, object_access
from tenancy.policy import Cap

router = Router(tags=["invoicing"])


class CustomerIn(Schema):
    name: str
    vat_number: str = ""
    street: str = ""
    postcode: str = ""
    city: str = ""
    country: str = "BE"
    language: str = "fr"
    email: str = ""
    peppol_id: str = ""


class LineIn(Schema):
    description: str
    quantity: Any
    unit_price: Any
    vat_rate: Any = None
    discount: Any = None
    unit: str = "C62"


class InvoiceIn(Schema):
    customer: int | CustomerIn
    issue_date: date
    due_date: date | None = None
    lines: list[LineIn]
    credit_note_of: int | None = None
    note: str = ""


def _text(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return " ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
    return " ".join(str(m) for m in exc.messages)


def invoice_json(inv: Invoice) -> dict:
    return {
        "id": inv.pk,
        "number": inv.number,
        "kind": inv.kind,
        "status": inv.status,
        "customer": {"id": inv.customer_id, "name": inv.customer.name},
        "issue_date": inv.issue_date.isoformat(),
        "due_date": inv.due_date.isoformat() if inv.due_date else None,
        "structured_communication": inv.structured_ref,
        "credit_note_of": inv.credit_note_of_id,
        "currency": inv.currency,
        "totals": {
            "lines": str(inv.line_total),
            "excl_vat": str(inv.total_excl),
            "vat": str(inv.total_vat),
            "incl_vat": str(inv.total_incl),
        },
        "lines": [
            {
                "description": ln.description,
                "quantity": str(ln.quantity),
                "unit_price": str(ln.unit_price),
                "discount": str(ln.discount),
                "vat": ln.vat_case,
                "net": str(ln.net),
            }
            for ln in inv.lines.all()
        ],
        "entry_id": inv.entry_id,
        "delivery_status": inv.delivery_status,
    }


@router.get("/dossiers/{dossier_id}/invoices", summary="Sales invoices and credit notes")
@decorate_view(dossier_access(Cap.INVOICING))
def invoices(request, dossier_id: int, limit: int = 100, offset: int = 0):
    rows = selectors.invoice_list(dossier=request.dossier).prefetch_related("lines")
    return [invoice_json(i) for i in rows[offset : offset + min(limit, 500)]]


@router.post(
    "/dossiers/{dossier_id}/invoices",
    summary="Make and issue an invoice or credit note",
    response={201: dict},
)
@decorate_view(dossier_access(Cap.INVOICING))
def invoice_create(request, dossier_id: int, payload: InvoiceIn):
    dossier = request.dossier
    try:
        if isinstance(payload.customer, int):
            customer = Customer.objects.filter(dossier=dossier, pk=payload.customer).first()
            if customer is None:
                raise HttpError(422, "customer: not a customer of this dossier")
        else:
            customer = services.customer_find_or_create(
                actor=request.user, dossier=dossier, values=payload.customer.dict()
            )
        original = None
        if payload.credit_note_of is not None:
            original = Invoice.objects.filter(dossier=dossier, pk=payload.credit_note_of).first()
            if original is None:
                raise HttpError(422, "credit_note_of: not an invoice of this dossier")
        from django.db import transaction

        with transaction.atomic():
            inv = services.invoice_save(
                actor=request.user,
                dossier=dossier,
                customer=customer,
                issue_date=payload.issue_date,
                due_date=payload.due_date,
                lines=[
                    LineData(
                        description=ln.description,
                        quantity=ln.quantity,
                        unit_price=ln.unit_price,
                        vat_case=ln.vat_rate,
                        discount=ln.discount,
                        unit=ln.unit,
                    )
                    for ln in payload.lines
                ],
                credit_note_of=original,
                note=payload.note,
            )
            inv = services.invoice_issue(actor=request.user, invoice_id=inv.pk)
    except ValidationError as exc:
        raise HttpError(422, _text(exc)) from None
    return 201, invoice_json(selectors.invoice_get(dossier=dossier, invoice_id=inv.pk))


def _invoice_access():
    return object_access("invoicing.Invoice", Cap.INVOICING, "invoice_id")


@router.get("/invoices/{invoice_id}", summary="One sales invoice")
@decorate_view(_invoice_access())
def invoice_detail(request, invoice_id: int):
    return invoice_json(selectors.invoice_get(dossier=request.dossier, invoice_id=invoice_id))


@router.get("/invoices/{invoice_id}/ubl", summary="The invoice's UBL (Peppol BIS 3.0)")
@decorate_view(_invoice_access())
def invoice_ubl(request, invoice_id: int):
    inv = selectors.invoice_get(dossier=request.dossier, invoice_id=invoice_id)
    try:
        xml = ubl.write(inv, services.settings_for(inv.dossier))
    except ubl.UblRefused as exc:
        raise HttpError(422, str(exc)) from None
    response = HttpResponse(xml, content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="{inv.number}.xml"'
    return response


@router.get("/invoices/{invoice_id}/pdf", summary="The invoice's PDF in the customer's language")
@decorate_view(_invoice_access())
def invoice_pdf(request, invoice_id: int):
    inv = selectors.invoice_get(dossier=request.dossier, invoice_id=invoice_id)
    data = pdf.render_pdf(inv, services.settings_for(inv.dossier))
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{inv.number or inv.pk}.pdf"'
    return response


@router.post("/invoices/{invoice_id}/send", summary="Send over Peppol, else by e-mail")
@decorate_view(_invoice_access())
def invoice_send(request, invoice_id: int):
    try:
        d = delivery.invoice_send(actor=request.user, invoice_id=invoice_id)
    except ValidationError as exc:
        raise HttpError(422, _text(exc)) from None
    d.refresh_from_db()
    return {
        "invoice": invoice_id,
        "channel": d.channel,
        "recipient": d.recipient,
        "status": d.status,
        "reason": d.reason,
        "attempt": d.attempt,
    }
