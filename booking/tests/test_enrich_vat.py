"""The suggester proposes the purchase VAT code from the supplier's country (VAT number
prefix, IBAN, address), the kind of purchase and the VAT the invoice charges."""

from __future__ import annotations

from decimal import Decimal

from booking.enrich import AccountSuggester
from booking.models import Direction
from booking.tests import factories
from ledger.models import Account, Counterparty

P = Direction.PURCHASE


def _cp(dossier, ref, **kw):
    return Counterparty.objects.create(
        dossier=dossier, kind="supplier", reference=ref, name=ref, **kw
    )


def _code(dossier, cp, rate, key="", **kw):
    s = AccountSuggester(dossier).suggest(counterparty=cp, key=key, direction=P, rate=rate, **kw)
    return s.vat_code.code if s.vat_code else None


def test_nl_supplier_charging_dutch_vat_is_foreign_vat_not_deductible(world, books):
    nl = _cp(world.dossier, "NLHOTEL", vat_number="NL859327046B01", country="NL")
    assert _code(world.dossier, nl, Decimal("21")) == "AFS"


def test_de_supplier_without_vat_is_intra_eu_reverse_charge(world, books):
    de = _cp(world.dossier, "DESOFT", vat_number="DE129273398", country="DE")
    assert _code(world.dossier, de, Decimal("0")) == "AE21S"
    words = "Steuerschuldnerschaft des Leistungsempfängers"
    assert _code(world.dossier, de, Decimal("0"), text=words, vat_charged=Decimal("0")) == "AE21S"


def test_us_service_supplier_is_non_eu_reverse_charge(world, books):
    us = _cp(world.dossier, "USCLOUD", country="US")
    assert _code(world.dossier, us, Decimal("0")) == "AX21S"


def test_belgian_supplier_keeps_the_belgian_rate(world, books):
    be = _cp(world.dossier, "BEGARAGE", vat_number="BE0477889955")
    assert _code(world.dossier, be, Decimal("21")) == "A21S"
    assert _code(world.dossier, be, Decimal("6")) == "A6S"
    assert _code(world.dossier, be, Decimal("0")) == "A0S"


def test_french_goods_from_history_are_intra_eu_acquisitions(world, books):
    fr = _cp(world.dossier, "FRVINS", vat_number="FR40303265045", country="FR")
    # Booked before on 604000 under a Belgian code: the class says goods, the country EU.
    factories.history(world.dossier, fr, account="604000", vat_code="A21G")
    assert _code(world.dossier, fr, Decimal("0")) == "AE21G"


def test_a_new_supplier_is_placed_by_the_vat_number_read_on_the_invoice(world, books):
    assert _code(world.dossier, None, Decimal("0"), key="vat:NL859327046B01") == "AE21S"
    assert _code(world.dossier, None, Decimal("21"), key="vat:NL859327046B01") == "AFS"
    assert _code(world.dossier, None, Decimal("0"), key="iban:DE89370400440532013000") == "AE21S"
    assert _code(world.dossier, None, Decimal("21"), key="vat:BE0477889955") == "A21S"


def test_a_code_a_person_chose_for_a_foreign_supplier_stays(world, books):
    fr = _cp(world.dossier, "FRTRANS", vat_number="FR40303265045", country="FR")
    factories.history(world.dossier, fr, account="613000", vat_code="AE6S")
    assert _code(world.dossier, fr, None) == "AE6S"
    assert Account.objects.filter(dossier=world.dossier, code="613000").exists()


# --- from the document to the books --------------------------------------------------------


def _send(dossier, world, **extraction):
    from booking import services

    doc = factories.sent_document(dossier, **extraction)
    p = services.proposal_create_for_document(document_id=doc.pk)
    return p, services.proposal_send(actor=world.collaborator, proposal_id=p.pk)


def _amounts(entry):
    return sorted(
        (ln.account.code, ln.vat_code.code if ln.vat_code else "", ln.debit, ln.credit)
        for ln in entry.lines.select_related("account", "vat_code")
    )


def test_a_german_service_without_vat_is_booked_with_the_self_assessed_vat(world, books):
    from ledger.models import Entry

    p, sent = _send(
        books,
        world,
        counterparty_name="Software GmbH",
        counterparty_vat="DE129273398",
        counterparty_key="vat:DE129273398",
        total_excl_vat=Decimal("100.00"),
        total_vat=Decimal("0.00"),
        total_incl_vat=Decimal("100.00"),
        vat_breakdown=[{"rate": "0", "base": "100.00", "vat": "0.00"}],
    )
    assert [ln.vat_code.code for ln in p.lines.select_related("vat_code")] == ["AE21S"]
    entry = Entry.objects.get(pk=sent.entry_id)
    account = p.lines.get().account.code
    assert _amounts(entry) == sorted(
        [
            (account, "AE21S", Decimal("100.00"), Decimal("0")),
            ("411000", "AE21S", Decimal("21.00"), Decimal("0")),
            ("451000", "AE21S", Decimal("0"), Decimal("21.00")),
            ("440000", "", Decimal("0"), Decimal("100.00")),
        ]
    )


def test_a_dutch_invoice_with_dutch_vat_puts_the_vat_in_the_cost(world, books):
    from ledger.models import Entry

    p, sent = _send(
        books,
        world,
        counterparty_name="Hotel Amsterdam BV",
        counterparty_vat="NL859327046B01",
        counterparty_key="vat:NL859327046B01",
        total_excl_vat=Decimal("100.00"),
        total_vat=Decimal("21.00"),
        total_incl_vat=Decimal("121.00"),
        vat_breakdown=[{"rate": "21", "base": "100.00", "vat": "21.00"}],
    )
    assert [ln.vat_code.code for ln in p.lines.select_related("vat_code")] == ["AFS"]
    entry = Entry.objects.get(pk=sent.entry_id)
    per_account: dict[str, Decimal] = {}
    for code, _v, debit, credit in _amounts(entry):
        per_account[code] = per_account.get(code, Decimal("0")) + debit - credit
    account = p.lines.get().account.code
    assert per_account == {account: Decimal("121.00"), "440000": Decimal("-121.00")}


def test_an_invoice_dated_in_a_closed_period_keeps_its_date(world, books):
    """Booked in an open period; the entry keeps the invoice's own date."""
    import datetime as dt

    from ledger.models import Entry, Period
    from ledger.services.periods import period_set_closed

    january = Period.objects.get(dossier=books, start=dt.date(2026, 1, 1))
    period_set_closed(actor=world.admin, period=january, closed=True)
    _p, sent = _send(books, world, issue_date=dt.date(2026, 1, 20))
    entry = Entry.objects.get(pk=sent.entry_id)
    assert entry.document_date == dt.date(2026, 1, 20)
    assert entry.date >= dt.date(2026, 2, 1) and not entry.period.closed


def test_vat_facts_read_the_words_and_the_supplier_of_the_extraction(world, books):
    from types import SimpleNamespace

    from booking.enrich import vat_facts

    ex = SimpleNamespace(
        words=[[["Reverse", 0, 0, 1, 1], ["charge", 0, 0, 1, 1]], [["art.", 0, 0, 1, 1]]],
        counterparty_vat="DE129273398",
        counterparty_iban="",
    )
    facts = vat_facts(ex, Decimal("0"))
    assert facts == {
        "vat_charged": Decimal("0"),
        "text": "Reverse charge art.",
        "supplier_vat": "DE129273398",
        "supplier_iban": "",
    }
    # A Belgian contractor invoicing without VAT under the co-contractor rule.
    be = _cp(world.dossier, "BEBUILD", vat_number="BE0477889955")
    words = "Autoliquidation - Art. 20 AR n° 1"
    assert _code(world.dossier, be, Decimal("0"), vat_charged=Decimal("0"), text=words) == "AC21S"
