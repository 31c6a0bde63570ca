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


def test_vat_printed_only_per_rate_with_per_line_rounding_adds_up_to_the_total():
    # Odoo: a VAT line per rate, no VAT total, the VAT rounded on each invoice line (so
    # 10 % of 54 013,29 is 5 401,33 but the page prints 5 401,36).
    for second in ("TVA 10% sur 54 013,29 € | 5 401,36 €", "TVA 10% | 5 401,36 €"):
        f = fields(
            "Facture INV/2025/02199",
            "Montant hors taxes | 140 372,44 €",
            "TVA 20% | 17 271,82 €",
            second,
            "Total | 163 045,62 €",
            source="text",
        )
        assert f["total_excl_vat"] == Decimal("140372.44"), second
        assert f["total_vat"] == Decimal("22673.18"), second
        assert f["total_incl_vat"] == Decimal("163045.62"), second
