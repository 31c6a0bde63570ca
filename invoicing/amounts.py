"""EN 16931 amounts, without Django: line net, allowance, VAT per category, totals.

EN 16931-1 §6.5 and the UBL syntax binding: every amount has two decimals; the line net
amount (BT-131) is quantity × price minus the line allowance (BT-136, rounded on its own);
the VAT of each category and rate (BT-117) is its taxable amount × rate, rounded once
(BR-CO-17), never the sum of rounded line VATs; the document totals are sums of those
(BR-CO-10, BR-CO-13, BR-CO-14, BR-CO-15). Half-up rounding, as the Belgian VAT Code's
art. 10 of Royal Decree no. 1 asks for amounts of VAT.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
HUNDRED = Decimal("100")

# VAT case -> (UNCL 5305 category, rate).
CATEGORIES: dict[str, tuple[str, Decimal]] = {
    "S21": ("S", Decimal("21")),
    "S12": ("S", Decimal("12")),
    "S6": ("S", Decimal("6")),
    "Z": ("Z", Decimal("0")),
    "E": ("E", Decimal("0")),
    "AE": ("AE", Decimal("0")),
}


def r2(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class LineIn:
    quantity: Decimal
    unit_price: Decimal
    vat_case: str
    discount: Decimal = ZERO  # percent


@dataclass(frozen=True)
class LineAmounts:
    gross: Decimal  # quantity × price, rounded
    allowance: Decimal  # BT-136
    net: Decimal  # BT-131


@dataclass
class VatBreakdown:
    category: str
    rate: Decimal
    taxable: Decimal
    vat: Decimal
    cases: set[str] = field(default_factory=set)


@dataclass
class Totals:
    lines: list[LineAmounts]
    breakdown: list[VatBreakdown]
    line_total: Decimal  # BT-106
    total_excl: Decimal  # BT-109
    total_vat: Decimal  # BT-110
    total_incl: Decimal  # BT-112 (= payable, BT-115: nothing prepaid)


def line_amounts(line: LineIn) -> LineAmounts:
    gross = r2(line.quantity * line.unit_price)
    allowance = r2(gross * line.discount / HUNDRED) if line.discount else ZERO
    return LineAmounts(gross=gross, allowance=allowance, net=gross - allowance)


def compute(lines: Iterable[LineIn]) -> Totals:
    amounts: list[LineAmounts] = []
    groups: dict[tuple[str, Decimal], VatBreakdown] = {}
    for line in lines:
        a = line_amounts(line)
        amounts.append(a)
        category, rate = CATEGORIES[line.vat_case]
        group = groups.setdefault(
            (category, rate), VatBreakdown(category=category, rate=rate, taxable=ZERO, vat=ZERO)
        )
        group.taxable += a.net
        group.cases.add(line.vat_case)
    for group in groups.values():
        group.vat = r2(group.taxable * group.rate / HUNDRED)
    breakdown = sorted(groups.values(), key=lambda g: (g.category != "S", -g.rate, g.category))
    line_total = sum((a.net for a in amounts), ZERO)
    total_vat = sum((g.vat for g in breakdown), ZERO)
    return Totals(
        lines=amounts,
        breakdown=breakdown,
        line_total=line_total,
        total_excl=line_total,
        total_vat=total_vat,
        total_incl=line_total + total_vat,
    )
