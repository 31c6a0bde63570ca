"""The totals solver (issue 19): candidate sets in, one consistent set of totals out.

Each case is a table of amounts as the page prints them (value, label roles, line, rate
in the label); the solver must choose the set that adds up, and say how sure it is."""

from __future__ import annotations

from decimal import Decimal

import pytest

from recognition.engine.totals_solver import Cand, solve
from recognition.tests.test_rules import fields

D = Decimal


def c(value: str, line: int, rate: str | None = None, y: float = 0.7, **roles: float) -> Cand:
    return Cand(D(value), dict(roles), line=line, y=y, rate=D(rate) if rate else None)


CASES = {
    "one rate, labelled": (
        [c("100.00", 10, excl=1), c("21.00", 11, vat=1), c("121.00", 12, incl=1)],
        ("100.00", "21.00", "121.00", "121.00"),
    ),
    "an item row that adds up is not the total": (
        [
            # a line of the item table: net, VAT, gross (also consistent at 21 %)
            c("50.00", 5, y=0.3),
            c("10.50", 5, y=0.3),
            c("60.50", 5, y=0.3),
            c("150.00", 10, excl=1),
            c("31.50", 11, vat=1),
            c("181.50", 12, incl=1),
        ],
        ("150.00", "31.50", "181.50", "181.50"),
    ),
    "rounding: VAT one cent off rate x base": (
        # 33.33 x 21 % = 6.9993: printed 7.00, still the 21 % VAT of this base
        [c("33.33", 10, excl=1), c("7.00", 11, vat=1), c("40.33", 12, incl=1)],
        ("33.33", "7.00", "40.33", "40.33"),
    ),
    "VAT printed only per rate: derived from the rows, not one rate's figure": (
        [
            c("1000.00", 20, excl=1),
            c("800.00", 21, "21", vat=0.35),  # "TVA 21 % sur 800,00   168,00"
            c("168.00", 21, "21", vat=1),
            c("200.00", 22, "6", vat=0.35),
            c("12.00", 22, "6", vat=1),
            c("1180.00", 23, incl=1),
        ],
        ("1000.00", "180.00", "1180.00", "1180.00"),
    ),
    "a per-rate table and no printed base total": (
        [
            c("500.00", 20, "21"),
            c("105.00", 20, "21"),
            c("300.00", 21, "6"),
            c("18.00", 21, "6"),
            c("923.00", 23, incl=1),
        ],
        ("800.00", "123.00", "923.00", "923.00"),
    ),
    "prepaid: the amount due is the total minus the advance": (
        [
            c("200.00", 10, excl=1),
            c("42.00", 11, vat=1),
            c("242.00", 12, incl=1),
            c("100.00", 13, prepaid=1),
            c("142.00", 14, payable=1),
        ],
        ("200.00", "42.00", "242.00", "142.00"),
    ),
    "prepaid printed, amount due not: derived": (
        [
            c("200.00", 10, excl=1),
            c("42.00", 11, vat=1),
            c("242.00", 12, incl=1),
            c("42.00", 13, prepaid=1),
        ],
        ("200.00", "42.00", "242.00", "200.00"),
    ),
    "a deposit is never the total": (
        [
            c("1000.00", 10, excl=1),
            c("210.00", 11, vat=1),
            c("1210.00", 12, incl=1),
            c("1210.00", 13, prepaid=1),
            c("0.00", 14, payable=1),
        ],
        ("1000.00", "210.00", "1210.00", "0.00"),
    ),
    "credit note: negative amounts, VAT printed without its sign": (
        [c("-100.00", 10, excl=1), c("21.00", 11, vat=1), c("-121.00", 12, incl=1)],
        ("-100.00", "-21.00", "-121.00", "-121.00"),
    ),
    "a discount line between the items and the base": (
        [
            c("1000.00", 9, incl=0.75),  # "Total articles"
            c("-100.00", 10),  # "Remise 10 %"
            c("900.00", 11, excl=1),
            c("189.00", 12, vat=1),
            c("1089.00", 13, incl=1),
        ],
        ("900.00", "189.00", "1089.00", "1089.00"),
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_the_solver_chooses_the_consistent_set(name):
    cands, (excl, vat, incl, payable) = CASES[name]
    sol = solve(cands)
    assert sol is not None
    assert (sol.excl, sol.vat, sol.incl, sol.payable) == (D(excl), D(vat), D(incl), D(payable))


def test_confidence_grows_with_the_constraints_that_hold():
    checked = solve([c("100.00", 10, excl=1), c("21.00", 11, vat=1), c("121.00", 12, incl=1)])
    # base + VAT = total holds, but 21.50 is no standard rate of 100.00 (a mix, unchecked)
    mixed = solve([c("100.00", 10, excl=1), c("15.50", 11, vat=1), c("115.50", 12, incl=1)])
    assert checked is not None and mixed is not None
    assert checked.held == ["sum", "rate"]
    assert mixed.held == ["sum"]
    assert checked.confidence > mixed.confidence


def test_nothing_adds_up_gives_nothing():
    assert solve([c("100.00", 10, excl=1), c("400.00", 12, incl=1)]) is None
    assert solve([]) is None


def test_vat_is_not_derived_without_a_rate_that_confirms_it():
    # 100 -> 113.37: a gap that is no standard rate and no printed row: no set under a
    # weak label ("Total")...
    assert solve([c("100.00", 10, excl=1), c("113.37", 12, incl=0.75)]) is None
    # ...and under strong labels ("Total HTVA", "Total TVAC") only with a low confidence:
    # no check holds.
    sol = solve([c("100.00", 10, excl=1), c("113.37", 12, incl=1)])
    assert sol is not None
    assert (sol.vat, sol.held) == (D("13.37"), [])
    assert sol.confidence < 0.5


def test_a_vat_figure_that_does_not_close_the_sum_gives_way_to_the_gap():
    # OCR read "1 126,19" as "126,19": base and grand total under strong labels decide.
    sol = solve([c("10405.64", 18, excl=1), c("126.19", 19, vat=1), c("11531.83", 20, incl=1)])
    assert sol is not None
    assert (sol.excl, sol.vat, sol.incl) == (D("10405.64"), D("1126.19"), D("11531.83"))


# -- on pages (the solver behind extract_totals) ------------------------------------------


def test_vat_per_rate_with_the_base_in_the_label_gives_the_vat_total():
    f = fields(
        "Facture F-2026-7",
        "Total HTVA | 1 000,00",
        "TVA 21 % sur 800,00 | 168,00",
        "TVA 6 % sur 200,00 | 12,00",
        "Total TVAC | 1 180,00",
    )
    assert (f["total_excl_vat"], f["total_vat"], f["total_incl_vat"]) == (
        D("1000.00"),
        D("180.00"),
        D("1180.00"),
    )


def test_three_rates_and_a_deposit():
    f = fields(
        "Rechnung 2026-11",
        "Nettobetrag | 1.500,00",
        "MwSt. 19 % auf 1.000,00 | 190,00",
        "MwSt. 7 % auf 300,00 | 21,00",
        "MwSt. 0 % auf 200,00 | 0,00",
        "Gesamtbetrag | 1.711,00",
        "Anzahlung | 500,00",
        "Offener Betrag | 1.211,00",
    )
    assert f["total_vat"] == D("211.00")
    assert f["total_incl_vat"] == D("1711.00")
    assert f["payable_amount"] == D("1211.00")


def test_sous_total_is_the_base():
    f = fields(
        "Facture 88",
        "Sous-total | 250,00",
        "TVA 21 % | 52,50",
        "Total TVAC | 302,50",
    )
    assert (f["total_excl_vat"], f["total_vat"]) == (D("250.00"), D("52.50"))


# -- the breakdown from the chosen set ----------------------------------------------------


def test_a_missing_base_is_the_one_that_closes_the_sum():
    from recognition.engine.totals_solver import complete_rows

    rows = complete_rows(
        [(D("21"), D("800.00"), D("168.00")), (D("6"), None, D("12.00"))], D("1000.00")
    )
    assert rows == [
        {"rate": D("21"), "base": D("800.00"), "vat": D("168.00")},
        {"rate": D("6"), "base": D("200.00"), "vat": D("12.00")},
    ]
    # a base that would not give its printed VAT: no breakdown rather than a wrong one
    assert (
        complete_rows(
            [(D("21"), D("800.00"), D("168.00")), (D("6"), None, D("15.00"))], D("1000.00")
        )
        is None
    )


def test_two_missing_bases_only_when_one_pair_fits():
    from recognition.engine.totals_solver import complete_rows

    # 21 % of 100.00 = 21.00 and 6 % of 50.00 = 3.00: other pairs round differently
    assert complete_rows([(D("21"), None, D("21.00")), (D("6"), None, D("3.00"))], D("150.00")) in (
        None,
        [
            {"rate": D("21"), "base": D("100.00"), "vat": D("21.00")},
            {"rate": D("6"), "base": D("50.00"), "vat": D("3.00")},
        ],
    )
    assert (
        complete_rows([(D("21"), None, D("21.00")), (D("6"), None, D("3.00"))], D("190.00")) is None
    )


def test_the_breakdown_from_item_lines_per_rate():
    from recognition.engine.totals_solver import breakdown_from_lines

    lines = [
        {"net_amount": D("100.00"), "vat_rate": D("21")},
        {"net_amount": D("40.00"), "vat_rate": D("6")},
        {"net_amount": D("60.00"), "vat_rate": D("6")},
    ]
    assert breakdown_from_lines(lines, D("200.00"), D("27.00")) == [
        {"rate": D("21"), "base": D("100.00"), "vat": D("21.00")},
        {"rate": D("6"), "base": D("100.00"), "vat": D("6.00")},
    ]
    assert breakdown_from_lines(lines, D("210.00"), D("27.00")) == []  # lines miss an item


def test_a_base_on_its_own_line_beside_its_vat_line_makes_a_row():
    from recognition.engine.totals_solver import rate_rows

    rows = rate_rows(
        [
            c("800.00", 20, "21", excl=1),  # "Base 21 %"
            c("168.00", 21, "21", vat=1),  # "TVA 21 %"
            c("200.00", 22, "6", excl=1),
            c("12.00", 23, "6", vat=1),
        ]
    )
    assert [(r.rate, r.base and r.base.value, r.vat.value) for r in rows] == [
        (D("21"), D("800.00"), D("168.00")),
        (D("6"), D("200.00"), D("12.00")),
    ]
