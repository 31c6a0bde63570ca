"""Matching proposals (E2): each rule, partial payments, one payment for several invoices,
the suspense account, and the promise that an open item's OGM always finds it."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bank.models import MatchProposal, MatchRule, Movement, Statement
from bank.services.imports import coda_import
from bank.services.matching import proposals_make
from bank.tests.coda import coda_file
from bank.tests.ledger_data import counterparty, invoice
from ledger.services.posting import ogm_make

D = Decimal
_refs = itertools.count(1000)


def _import(world, movements, dossier=None, account="BE68539007547034"):
    coda_import(
        dossier=dossier or world.dossier,
        data=coda_file(account=account, day=date(2026, 3, 2), movements=movements),
        file_name="t.cod",
    )
    return list(Movement.objects.filter(dossier=dossier or world.dossier).order_by("sequence"))


def _proposal(movement) -> MatchProposal:
    return MatchProposal.objects.get(movement=movement)


def _lines(p: MatchProposal) -> set[int]:
    return set(p.items.values_list("line_id", flat=True))


def test_the_structured_communication_finds_its_invoice(world, books):
    acme = counterparty(world, iban="BE62510007547061")
    other = invoice(world, acme, "121.00", ogm=ogm_make(1))
    wanted = invoice(world, acme, "121.00", ogm=ogm_make(2))
    (m,) = _import(world, [(D("121.00"), "Someone else", "BE71096123456769", ogm_make(2))])
    assert proposals_make(dossier=world.dossier) == 1
    p = _proposal(m)
    assert (p.rule, _lines(p), p.amount) == (MatchRule.OGM, {wanted.pk}, D("121.000"))
    assert other.pk not in _lines(p)


def test_amount_and_iban_then_several_invoices_then_partial(world, books):
    supplier = counterparty(world, "supplier", "Fournisseur SA", iban="BE71096123456769")
    a = invoice(world, supplier, "100.00", due=date(2026, 2, 1))
    b = invoice(world, supplier, "50.00", due=date(2026, 2, 5))
    c = invoice(world, supplier, "30.00", due=date(2026, 2, 9))
    d = invoice(world, supplier, "500.00", due=date(2026, 2, 12))
    ms = _import(
        world,
        [
            (D("-50.00"), "Fournisseur SA", "BE71096123456769", "merci"),
            (D("-130.00"), "Fournisseur SA", "BE71 0961 2345 6769", "deux factures"),
            (D("-200.00"), "Fournisseur SA", "BE71096123456769", "acompte"),
        ],
    )
    proposals_make(dossier=world.dossier)
    one, several, partial = (_proposal(m) for m in ms)
    assert (one.rule, _lines(one)) == (MatchRule.IBAN, {b.pk})
    assert (several.rule, _lines(several)) == (MatchRule.SEVERAL, {a.pk, c.pk})
    assert (partial.rule, _lines(partial)) == (MatchRule.PARTIAL, {d.pk})


def test_amount_and_invoice_number_in_the_communication(world, books):
    acme = counterparty(world)
    line = invoice(world, acme, "60.50", number="2026-0042")
    invoice(world, acme, "60.50", number="2026-0043")
    (m,) = _import(world, [(D("60.50"), "A. Payer", "", "Facture 2026/0042 merci")])
    proposals_make(dossier=world.dossier)
    p = _proposal(m)
    assert (p.rule, _lines(p)) == (MatchRule.INVOICE, {line.pk})


def test_amount_and_name(world, books):
    invoice(world, counterparty(world, name="Durand SPRL"), "75.00")
    line = invoice(world, counterparty(world, name="Client Martin SA"), "75.00")
    (m,) = _import(world, [(D("75.00"), "MARTIN CLIENT", "", "paiement")])
    proposals_make(dossier=world.dossier)
    p = _proposal(m)
    assert (p.rule, _lines(p)) == (MatchRule.NAME, {line.pk})


def test_what_nothing_matches_goes_to_suspense_and_an_item_is_offered_once(world, books):
    acme = counterparty(world)
    line = invoice(world, acme, "121.00", ogm=ogm_make(7))
    ms = _import(
        world,
        [
            (D("121.00"), "Acme", "", ogm_make(7)),
            (D("121.00"), "Acme", "", ogm_make(7)),  # paid twice: the second is not matched
            (D("-9.99"), "Unknown", "", "frais"),
        ],
    )
    proposals_make(dossier=world.dossier)
    first, twice, fees = (_proposal(m) for m in ms)
    assert _lines(first) == {line.pk}
    assert (twice.rule, twice.account_code, _lines(twice)) == (MatchRule.SUSPENSE, "499000", set())
    assert (fees.rule, fees.account_code) == (MatchRule.SUSPENSE, "499000")
    assert proposals_make(dossier=world.dossier) == 0  # idempotent


def test_without_books_everything_is_proposed_to_suspense(world):
    (m,) = _import(world, [(D("10.00"), "X", "", ogm_make(3))])
    proposals_make(dossier=world.dossier)
    assert _proposal(m).rule == MatchRule.SUSPENSE


def test_matching_reads_the_open_items_once_whatever_the_number_of_movements(world, books):
    acme = counterparty(world, iban="BE62510007547061")
    for n in range(30):
        invoice(world, acme, f"{10 + n}.00", ogm=ogm_make(100 + n))
    _import(
        world,
        [(D(f"{10 + n}.00"), "Acme", "BE62510007547061", ogm_make(100 + n)) for n in range(30)],
    )
    with CaptureQueriesContext(connection) as ctx:
        assert proposals_make(dossier=world.dossier) == 30
    assert len(ctx.captured_queries) < 15
    assert MatchProposal.objects.filter(rule=MatchRule.OGM).count() == 30


@pytest.mark.django_db
@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    amounts=st.lists(
        st.decimals(min_value=D("0.01"), max_value=D("9999.99"), places=2), min_size=1, max_size=6
    ),
    pick=st.integers(min_value=0, max_value=5),
    paid=st.decimals(min_value=D("0.01"), max_value=D("20000"), places=2),
    supplier=st.booleans(),
)
def test_a_movement_with_the_ogm_of_an_open_item_is_proposed_for_it(
    world, books, amounts, pick, paid, supplier
):
    n = next(_refs)
    cp = counterparty(
        world, "supplier" if supplier else "customer", name=f"P{n}", reference=f"P{n}"
    )
    lines = [invoice(world, cp, str(a), ogm=ogm_make(next(_refs))) for a in amounts]
    target = lines[pick % len(lines)]
    value = -paid if supplier else paid
    (m,) = _import(world, [(value, "Other name", "", target.structured_ref)])
    proposals_make(dossier=world.dossier)
    p = _proposal(m)
    assert p.rule == MatchRule.OGM and _lines(p) == {target.pk}
    Statement.objects.all().delete()  # the next example starts with an empty bank


def test_the_command_makes_the_proposals_with_match(world, books, tmp_path):
    import io
    import json

    from django.core.management import call_command

    line = invoice(world, counterparty(world), "121.00", ogm=ogm_make(5))
    path = tmp_path / "m.cod"
    path.write_bytes(coda_file(movements=[(D("121.00"), "Acme", "", ogm_make(5))]))
    out = io.StringIO()
    call_command(
        "coda_import",
        "--dossier",
        str(world.dossier.pk),
        "--json",
        "--match",
        str(path),
        stdout=out,
    )
    assert json.loads(out.getvalue().splitlines()[-1]) == {"proposals": 1}
    assert _lines(MatchProposal.objects.get()) == {line.pk}


def test_the_supplier_invoice_number_in_the_entry_description_is_found(world, books):
    supplier = counterparty(world, "supplier", "Garage Dupont")
    invoice(world, supplier, "80.00", description="Garage Dupont F-2026-117")
    line = invoice(world, supplier, "80.00", description="Garage Dupont F-2026-118")
    (m,) = _import(world, [(D("-80.00"), "G. Dupont", "", "votre facture F2026/118")])
    proposals_make(dossier=world.dossier)
    p = _proposal(m)
    assert (p.rule, _lines(p)) == (MatchRule.INVOICE, {line.pk})
