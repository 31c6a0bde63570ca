"""The UBL writer: 100 generated invoices and credit notes of every VAT case pass the UBL
XSD, the EN 16931 and the Peppol BIS 3.0 schematron (0 fatal), and Fidu's own reader
(einvoice) reads back the totals that were written."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from einvoice.reader import parse_invoice_xml
from invoicing import services, ubl
from invoicing.models import Kind
from invoicing.services import LineData
from invoicing.tests.conftest import make_invoice

SCHEMAS = Path(__file__).resolve().parents[2] / "../shared/corpus/1_ubl_peppol/schemas"
CASES = ["S21", "S12", "S6", "Z", "E", "AE"]

pytestmark = pytest.mark.django_db


@pytest.fixture
def peppol_rules(settings):
    settings.FIDU_PEPPOL_SCHEMATRON = str(SCHEMAS / "PEPPOL-EN16931-UBL_2026.5.xslt")


def _random_lines(rng: random.Random, cases: list[str]) -> list[LineData]:
    lines = []
    for i in range(rng.randint(1, 6)):
        case = cases[i % len(cases)] if i < len(cases) else rng.choice(cases)
        lines.append(
            LineData(
                description=f"Item {i} é&<>",
                quantity=Decimal(rng.choice(["1", "2", "0.5", "3.25", "12", "7.125"])),
                unit_price=Decimal(rng.randint(1, 500000)) / Decimal(rng.choice([1, 100, 10000])),
                vat_case=case,
                discount=rng.choice(
                    [None, Decimal("0"), Decimal("5"), Decimal("12.5"), Decimal("33.33")]
                ),
                unit=rng.choice(["C62", "HUR", "DAY", "KGM"]),
            )
        )
    return lines


def _check(xml: bytes, inv) -> None:
    read = parse_invoice_xml(xml)
    results = {r.name: r for r in read.report.results}
    for name in ("XSD", "EN16931", "PEPPOL"):
        assert results[name].checked, name
        assert results[name].fatal == [], (inv.number, name, results[name].messages)
    got = read.invoice
    assert got.invoice_number == inv.number
    assert got.total_excl_vat == inv.total_excl
    assert got.total_vat == inv.total_vat
    assert got.total_incl_vat == inv.total_incl
    assert got.payable_amount == inv.total_incl
    assert got.line_total == inv.line_total
    assert sum(v.vat or 0 for v in got.vat_breakdown) == inv.total_vat
    assert [ln.net_amount for ln in got.lines] == [ln.net for ln in inv.lines.all()]
    assert got.is_credit_note == (inv.kind == Kind.CREDIT_NOTE)


def test_it_writes_100_invoices_and_credit_notes_that_pass_peppol_bis3(
    world, books, seller, customer, peppol_rules
):
    rng = random.Random(18)
    other = services.customer_save(
        actor=world.admin,
        dossier=world.dossier,
        values={
            "name": "Klant BV",
            "country": "NL",
            "vat_number": "NL004495445B01",
            "email": "p@example.org",
            "language": "nl",
        },
    )
    issued: list = []
    written = invoiced = credited = 0
    for n in range(100):
        cases = rng.sample(CASES, rng.randint(1, 3))
        who = customer if ("AE" in cases or n % 3) else other
        if issued and n % 4 == 3:
            original = issued.pop(rng.randrange(len(issued)))
            credited += 1
            inv = make_invoice(
                world,
                original.customer,
                services.credit_note_lines(original),
                credit_note_of=original,
                day=original.issue_date + timedelta(days=1),
            )
        else:
            inv = make_invoice(
                world, who, _random_lines(rng, cases), day=date(2026, 1, 1) + timedelta(days=n)
            )
            issued.append(inv)
            invoiced += 1
        _check(ubl.write(inv, seller), inv)
        written += 1
    assert written == 100 and credited == 25 and invoiced == 75


def test_it_puts_the_legal_mention_of_exempt_and_reverse_charge_in_the_customers_language(
    world, books, seller, customer
):
    inv = make_invoice(
        world,
        customer,
        [LineData("Works", "1", "1000", "AE"), LineData("Training", "1", "200", "E")],
    )
    xml = ubl.write(inv, seller).decode()
    assert "article 51, § 2, 5° du Code de la TVA" in xml
    assert "article 44 du Code de la TVA" in xml
    assert '<cbc:EndpointID schemeID="0208">0403170701</cbc:EndpointID>' in xml
