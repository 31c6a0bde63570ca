"""The demo invoices carry VAT numbers that pass mod 97 and are those of the demo
ledger's counterparties, so the demo shows matching by VAT number, not by name."""

from __future__ import annotations

from stdnum.eu import vat as euvat


def test_demo_invoice_vat_numbers_check_and_match_the_demo_ledger():
    from booking.demo import INVOICES
    from ledger.demo import SUPPLIERS, _be_vat

    ledger = {name: _be_vat(base8) for _ref, name, base8, *_rest in SUPPLIERS}
    seen = [(name, vat) for name, vat, *_rest in INVOICES if vat]
    assert len(seen) >= 4
    for name, vat in seen:
        assert euvat.is_valid(vat), (name, vat)
        if name in ledger:
            assert ledger[name] == vat, name
    assert sum(1 for name, _v in seen if name in ledger) >= 3
