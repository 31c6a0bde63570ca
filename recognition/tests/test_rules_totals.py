"""Totals rules on synthetic OCR pages (word boxes built here, no corpus file)."""

from __future__ import annotations

from decimal import Decimal

from recognition.tests.test_rules import fields


def test_the_vat_is_total_minus_base_when_its_own_figure_was_misread():
    # OCR lost the comma of "56,87" beside "Steuerbetrag"; the VAT lines above carry a
    # base (275,00) under a VAT label, which is no VAT total.
    f = fields(
        "Rechnung 471102",
        "Umsatzsteuer (S) | 275,00",
        "Umsatzsteuer (S) | 198,00",
        "Rechnungssumme ohne USt. | 473,00",
        "Steuerbetrag | 5687",
        "Bruttosumme | 529,87",
    )
    assert (f["total_excl_vat"], f["total_vat"], f["total_incl_vat"]) == (
        Decimal("473.00"),
        Decimal("56.87"),
        Decimal("529.87"),
    )


def test_a_vat_figure_that_fits_base_and_total_is_kept():
    f = fields(
        "Facture F-12",
        "Total HT | 100,00",
        "TVA | 21,00",
        "Total TTC | 121,00",
    )
    assert f["total_vat"] == Decimal("21.00")


def test_no_vat_is_made_up_when_the_gap_is_no_vat_rate():
    # Base and total far apart (a deposit, a fee outside VAT): no VAT is inferred.
    f = fields(
        "Invoice 7",
        "Subtotal excl. VAT | 100,00",
        "Total | 200,00",
    )
    assert f.get("total_vat") != Decimal("100.00")
