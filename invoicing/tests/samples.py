"""Sample objects for the permission harness: one per model an invoicing route takes an id of."""

from __future__ import annotations

from datetime import date
from decimal import Decimal


def _customer(dossier):
    from invoicing.models import Customer

    return Customer.objects.get_or_create(
        dossier=dossier, name="Sample customer", defaults={"email": "sample@example.org"}
    )[0]


def _invoice(dossier):
    from invoicing.models import Invoice, InvoiceLine

    inv = Invoice.objects.create(
        dossier=dossier,
        customer=_customer(dossier),
        issue_date=date(2026, 3, 1),
        due_date=date(2026, 3, 31),
        number=f"S-{dossier.pk}",
        status="issued",
        line_total=Decimal("10.00"),
        total_excl=Decimal("10.00"),
        total_vat=Decimal("2.10"),
        total_incl=Decimal("12.10"),
    )
    InvoiceLine.objects.create(
        invoice=inv,
        position=1,
        description="Sample",
        quantity=Decimal("1"),
        unit_price=Decimal("10"),
        vat_case="S21",
        gross=Decimal("10.00"),
        net=Decimal("10.00"),
    )
    return inv


SAMPLES = {
    "invoicing.Invoice": _invoice,
    "invoicing.Customer": _customer,
    "invoicing.Item": lambda dossier: __import__(
        "invoicing.models", fromlist=["Item"]
    ).Item.objects.create(dossier=dossier, description="Sample item", unit_price=Decimal("1")),
}
