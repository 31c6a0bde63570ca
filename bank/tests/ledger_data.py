"""Open items for bank tests: customers, suppliers and their invoices in the built-in ledger."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ledger.models import Counterparty
from ledger.services.posting import LineSpec, entry_post


def counterparty(world, kind="customer", name="Acme SA", iban="", reference=""):
    return Counterparty.objects.create(
        dossier=world.dossier,
        kind=kind,
        reference=reference or name[:8].upper(),
        name=name,
        iban=iban,
    )


def invoice(
    world, cp, amount, *, ogm="", number="", day=date(2026, 2, 10), due=None, description=""
):
    """A sales invoice (customer) or a purchase invoice (supplier) of `amount` incl. VAT."""
    total = Decimal(amount)
    if cp.kind == "customer":
        lines = [
            LineSpec("400000", debit=total, due_date=due, structured_ref=ogm),
            LineSpec("700000", credit=total),
        ]
        journal = "VEN"
    else:
        lines = [
            LineSpec("440000", credit=total, due_date=due, structured_ref=ogm),
            LineSpec("604000", debit=total),
        ]
        journal = "ACH"
    entry = entry_post(
        actor=world.admin,
        dossier=world.dossier,
        journal=journal,
        date=day,
        counterparty=cp,
        lines=lines,
        number=number,
        description=description,
    )
    return entry.lines.get(is_open_item=True)
