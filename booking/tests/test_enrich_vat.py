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
