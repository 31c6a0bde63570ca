"""Reads of the invoicing app, always scoped by the dossier the access decorator loaded."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from invoicing.models import Customer, Invoice, Item


def customer_list(*, dossier, q: str = "") -> QuerySet[Customer]:
    rows = Customer.objects.filter(dossier=dossier)
    if q:
        rows = rows.filter(Q(name__icontains=q) | Q(vat_number__icontains=q))
    return rows


def item_list(*, dossier) -> QuerySet[Item]:
    return Item.objects.filter(dossier=dossier)


def invoice_list(*, dossier, q: str = "", kind: str = "", status: str = "") -> QuerySet[Invoice]:
    rows = Invoice.objects.filter(dossier=dossier).select_related("customer")
    if q:
        rows = rows.filter(Q(number__icontains=q) | Q(customer__name__icontains=q))
    if kind:
        rows = rows.filter(kind=kind)
    if status:
        rows = rows.filter(status=status)
    return rows


def invoice_get(*, dossier, invoice_id) -> Invoice:
    return (
        Invoice.objects.select_related("customer", "dossier", "credit_note_of")
        .prefetch_related("lines")
        .get(dossier=dossier, pk=invoice_id)
    )


def invoice_by_number(*, dossier, number: str) -> Invoice | None:
    return Invoice.objects.filter(dossier=dossier, number=number).first()
