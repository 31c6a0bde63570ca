"""EN 16931 rounding without Django: line, allowance, VAT once per category, totals."""

from __future__ import annotations

from decimal import Decimal as D

from invoicing.amounts import LineIn, compute, line_amounts


def test_the_vat_of_a_category_is_rounded_once_on_its_whole_base():
    # Three lines of 0.07 at 21 %: rounding each line would give 3 × 0.01 = 0.03;
    # BR-CO-17 asks 0.21 × 21 % = 0.0441 -> 0.04.
    t = compute([LineIn(D("1"), D("0.07"), "S21")] * 3)
    assert [(g.category, g.rate, g.taxable, g.vat) for g in t.breakdown] == [
        ("S", D("21"), D("0.21"), D("0.04"))
    ]
    assert (t.line_total, t.total_vat, t.total_incl) == (D("0.21"), D("0.04"), D("0.25"))


def test_half_up_and_the_allowance_rounded_on_its_own():
    a = line_amounts(LineIn(D("3"), D("0.125"), "S6", D("0")))
    assert (a.gross, a.allowance, a.net) == (D("0.38"), D("0.00"), D("0.38"))  # 0.375 -> 0.38
    b = line_amounts(LineIn(D("7.125"), D("13.3333"), "S21", D("33.33")))
    # 95.0000 -> 95.00; 33.33 % of it = 31.66 (31.6635); net 63.34
    assert (b.gross, b.allowance, b.net) == (D("95.00"), D("31.66"), D("63.34"))


def test_categories_without_vat_are_kept_apart_and_sorted_after_the_standard_rates():
    t = compute(
        [
            LineIn(D("1"), D("100"), "E"),
            LineIn(D("1"), D("100"), "S6"),
            LineIn(D("1"), D("100"), "AE"),
            LineIn(D("1"), D("100"), "S21"),
            LineIn(D("2"), D("50"), "Z"),
        ]
    )
    assert [(g.category, g.rate) for g in t.breakdown] == [
        ("S", D("21")),
        ("S", D("6")),
        ("AE", D("0")),
        ("E", D("0")),
        ("Z", D("0")),
    ]
    assert (t.total_excl, t.total_vat, t.total_incl) == (D("500.00"), D("27.00"), D("527.00"))
