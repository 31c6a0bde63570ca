"""A small set of books posted through the ledger's services: the figures every feedback
test reads back.

Fiscal years 2025 and 2026 (calendar). Posted:
- 2025-02-10 sale S25-1 to Acme 1,000.00 (due 2025-03-12); 2025-03-05 purchase P25-1 of
  goods (604) 100.00 from Supplier NV.
- 2026-01-15 sale S26-1 to Acme 2,000.00 (due 2026-02-14); 2026-05-10 sale S26-2 to Acme
  500.00 (due 2026-06-09); 2026-02-01 purchase P26-1 of services (610) 300.00 (due
  2026-06-20); 2026-03-01 Acme pays 1,500.00 into the bank (550), matched to S26-1.

So: result 2025 Q1 = 900.00; 2026 Q1 = 2,000 - 300 = 1,700.00, Q2 = 500.00, year 2,200.00;
liquidity 1,500.00 from March 2026; charges 2026: class 61 300.00.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ledger.models import Counterparty
from ledger.services.matching import lines_match
from ledger.services.periods import fiscal_year_create
from ledger.services.posting import LineSpec, entry_post
from ledger.services.setup import books_activate


@dataclass
class Books:
    customer: Counterparty
    supplier: Counterparty


def _post(world, journal, day, cp, lines, number):
    return entry_post(
        actor=world.admin,
        dossier=world.dossier,
        journal=journal,
        date=day,
        counterparty=cp,
        lines=lines,
        number=number,
    )


def sale(world, cp, amount, day, due, number):
    total = Decimal(amount)
    entry = _post(
        world,
        "VEN",
        day,
        cp,
        [LineSpec("400000", debit=total, due_date=due), LineSpec("700000", credit=total)],
        number,
    )
    return entry.lines.get(is_open_item=True)


def purchase(world, cp, amount, day, due, number, account="604000"):
    total = Decimal(amount)
    entry = _post(
        world,
        "ACH",
        day,
        cp,
        [LineSpec("440000", credit=total, due_date=due), LineSpec(account, debit=total)],
        number,
    )
    return entry.lines.get(is_open_item=True)


def post_books(world) -> Books:
    books_activate(actor=world.admin, dossier=world.dossier, year=2025)
    fiscal_year_create(actor=world.admin, dossier=world.dossier, year=2026)
    acme = Counterparty.objects.create(
        dossier=world.dossier, kind="customer", reference="ACME", name="Acme SA"
    )
    supp = Counterparty.objects.create(
        dossier=world.dossier, kind="supplier", reference="SUPP", name="Supplier NV"
    )
    sale(world, acme, "1000.00", date(2025, 2, 10), date(2025, 3, 12), "S25-1")
    purchase(world, supp, "100.00", date(2025, 3, 5), date(2025, 4, 4), "P25-1")
    s26 = sale(world, acme, "2000.00", date(2026, 1, 15), date(2026, 2, 14), "S26-1")
    sale(world, acme, "500.00", date(2026, 5, 10), date(2026, 6, 9), "S26-2")
    purchase(world, supp, "300.00", date(2026, 2, 1), date(2026, 6, 20), "P26-1", account="610000")
    pay = _post(
        world,
        "BQ1",
        date(2026, 3, 1),
        acme,
        [
            LineSpec("550000", debit=Decimal("1500.00")),
            LineSpec("400000", credit=Decimal("1500.00")),
        ],
        "B26-1",
    )
    lines_match(
        actor=world.admin,
        dossier=world.dossier,
        lines=[s26, pay.lines.get(is_open_item=True)],
        date=date(2026, 3, 1),
    )
    return Books(customer=acme, supplier=supp)
