from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from invoicing import services
from invoicing.services import LineData


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def books(world):
    from ledger.services.setup import books_activate

    return books_activate(actor=world.admin, dossier=world.dossier, year=2026)


@pytest.fixture
def seller(world):
    return services.settings_save(
        actor=world.admin,
        dossier=world.dossier,
        values={
            "street": "Rue de la Loi 16",
            "postcode": "1000",
            "city": "Bruxelles",
            "iban": "BE68539007547034",
        },
    )


@pytest.fixture
def customer(world):
    return services.customer_save(
        actor=world.admin,
        dossier=world.dossier,
        values={
            "name": "Proxibel SA",
            "vat_number": "BE0403.170.701",
            "street": "Avenue Louise 1",
            "postcode": "1050",
            "city": "Ixelles",
            "language": "fr",
            "email": "compta@proxibel.example",
        },
    )


def make_invoice(world, customer, lines=None, *, issue=True, day=date(2026, 3, 10), **kw):
    lines = lines or [
        LineData("Consulting", Decimal("3"), Decimal("125.50"), "S21", Decimal("10")),
        LineData("Books", Decimal("2"), Decimal("19.99"), "S6"),
    ]
    inv = services.invoice_save(
        actor=world.clients["administrator"],
        dossier=world.dossier,
        customer=customer,
        issue_date=day,
        lines=lines,
        **kw,
    )
    if issue:
        inv = services.invoice_issue(actor=world.clients["administrator"], invoice_id=inv.pk)
    return inv
