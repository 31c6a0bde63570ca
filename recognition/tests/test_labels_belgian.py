"""Belgian label habits: "TVAC" (TVA comprise) means incl. VAT, "HTVA" excl. VAT."""

from __future__ import annotations

import pytest

from recognition.engine.labels import EXCL, INCL_STRONG, VAT


@pytest.mark.parametrize(
    "label", ["Total TVAC", "Montant TVAC", "TVA comprise", "Totaal incl. btw", "btw inbegrepen"]
)
def test_an_incl_vat_label_is_never_a_vat_amount_label(label):
    assert INCL_STRONG.search(label)
    assert not VAT.search(label)


@pytest.mark.parametrize("label", ["Total TVA", "Montant TVA", "TVA 21 %", "Btw-bedrag"])
def test_a_vat_amount_label_stays_one(label):
    assert VAT.search(label)
    assert not INCL_STRONG.search(label)


def test_htva_is_excl_vat():
    assert EXCL.search("Total HTVA") and not INCL_STRONG.search("Total HTVA")
