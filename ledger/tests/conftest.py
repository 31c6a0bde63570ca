from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from ledger.models import Counterparty
from ledger.services.periods import fiscal_year_create
from ledger.services.posting import LineSpec, entry_post
from ledger.services.setup import books_activate


@pytest.fixture
def books(world):
    """world.dossier on the built-in ledger with fiscal years 2025 and 2026."""
    b = books_activate(actor=world.admin, dossier=world.dossier, year=2025)
    fiscal_year_create(actor=world.admin, dossier=world.dossier, year=2026)
    return b


@pytest.fixture
def customer(world, books):
    return Counterparty.objects.create(
        dossier=world.dossier, kind="customer", reference="ACME", name="Acme SA"
    )


@pytest.fixture
def supplier(world, books):
    return Counterparty.objects.create(
        dossier=world.dossier, kind="supplier", reference="SUPP", name="Supplier NV"
    )


def sale(world, customer, amount="121.00", day=date(2025, 3, 10), **kw):
    total = Decimal(amount)
    base = (total / Decimal("1.21")).quantize(Decimal("0.01"))
    return entry_post(
        actor=world.admin,
        dossier=world.dossier,
        journal="VEN",
        date=day,
        counterparty=customer,
        lines=[
            LineSpec("400000", debit=total, due_date=date(2025, 4, 10)),
            LineSpec("700000", credit=base, vat_code="V21G", vat_base=base),
            LineSpec("451000", credit=total - base, vat_code="V21G"),
        ],
        **kw,
    )


def receipt(world, customer, amount, day=date(2025, 4, 1)):
    return entry_post(
        actor=world.admin,
        dossier=world.dossier,
        journal="BQ1",
        date=day,
        counterparty=customer,
        lines=[
            LineSpec("550000", debit=Decimal(amount)),
            LineSpec("400000", credit=Decimal(amount)),
        ],
    )


@pytest.fixture(autouse=True)
def _english():
    """Assertions read English messages, whatever catalogues are compiled."""
    from django.utils import translation

    with translation.override("en"):
        yield
