"""Belgian label habits: "TVAC" (TVA comprise) means incl. VAT, "HTVA" excl. VAT."""

from __future__ import annotations

from decimal import Decimal

import pytest

from recognition.engine.labels import EXCL, INCL_STRONG, VAT


@pytest.mark.parametrize("label", ["Total TVAC", "Montant TVAC"])
def test_tvac_labels_mean_incl_vat_and_never_the_vat_amount(label):
    assert INCL_STRONG.search(label)
    assert not VAT.search(label)


@pytest.mark.parametrize("label", ["Total TVA", "Montant TVA", "TVA 21 %", "Btw-bedrag"])
def test_a_vat_amount_label_stays_one(label):
    assert VAT.search(label)
    assert not INCL_STRONG.search(label)


def test_htva_is_excl_vat():
    assert EXCL.search("Total HTVA") and not INCL_STRONG.search("Total HTVA")


@pytest.mark.parametrize(
    "label", ["Total TVAC", "Montant TVAC", "Totaal incl. btw", "Total TVA comprise"]
)
def test_a_lone_incl_vat_total_is_read_as_the_total_not_as_vat(label):
    from weasyprint import HTML

    from recognition.engine.pipeline import recognize_bytes

    pdf = HTML(string=f"<p>Facture 2026-0412</p><p>{label} : 242,00 EUR</p>").write_pdf()
    result = recognize_bytes(pdf)
    assert result.value("total_incl_vat") == Decimal("242.00")
    # VAT is in that total, just not printed apart: neither nil nor guessed.
    assert result.value("total_vat") is None
    assert result.value("total_excl_vat") is None


def test_a_total_with_no_vat_anywhere_is_also_the_base():
    from weasyprint import HTML

    from recognition.engine.pipeline import recognize_bytes

    pdf = HTML(string="<p>Invoice 2026-0412</p><p>Total: 242,00 EUR</p>").write_pdf()
    result = recognize_bytes(pdf)
    assert result.value("total_excl_vat") == Decimal("242.00")
    assert result.value("total_vat") == Decimal("0.00")
