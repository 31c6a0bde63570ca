"""Totals as one consistent solution (issue 19): every amount on the page is a candidate
with its label, its column header, its page and its place; the solver chooses the set
(total excl. VAT, VAT, total incl. VAT, the base and VAT of each rate, prepaid, payable)
that satisfies the arithmetic and best fits the labels and the layout:

- excl + VAT = incl (to the cent);
- VAT = rate x excl for a standard rate (within rounding), or the per-rate rows printed
  on the page (rate, base, VAT with base x rate = VAT) add up to excl and VAT;
- incl - prepaid = payable;
- labels: each amount's own label or column header says its role (FR/NL/DE/EN);
- layout: totals sit low on the last page, right of the page's middle, the grand total
  is the largest amount and comes after the base and the VAT.

A VAT that is not printed as one figure (only per rate, or not at all) is derived as
incl - excl when the rates printed on the page or a standard rate confirm it. The
confidence of the chosen set grows with the number of constraints that hold.

The solver works on plain candidates (`Cand`), so it is tested with tables of amounts;
`totals.extract_totals` builds those from the page and asks it.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from decimal import Decimal

ONE_CENT = Decimal("0.01")
MAX_VAT_SHARE = Decimal("0.27")
STANDARD_RATES = tuple(
    Decimal(r)
    for r in [
        "21",
        "12",
        "6",
        "19",
        "7",
        "20",
        "10",
        "5.5",
        "5",
        "25",
        "22",
        "23",
        "24",
        "9",
        "8",
        "13",
        "14",
        "15",
        "16",
        "17",
        "18",
        "2.1",
        "3",
        "2.5",
        "8.1",
        "2.6",
    ]
)


@dataclass
class Cand:
    """An amount as printed: its value, the roles its label gives it (0-1), where it is."""

    value: Decimal
    roles: dict[str, float] = field(default_factory=dict)
    page: int = 1
    last_page: bool = True
    line: int = 0  # global line index (reading order)
    y: float = 0.5  # top of the amount, as a fraction of the page height
    x: float = 0.8  # right edge of the amount, as a fraction of the page width
    rate: Decimal | None = None  # a rate printed in its label ("TVA 21 %")
    partial: bool = False  # the tail of a spaced number: a reading to be confirmed
    ref: object = None  # the caller's own object (totals.Amount)

    def role(self, name: str) -> float:
        return self.roles.get(name, 0.0)


@dataclass
class RateRow:
    """One rate's base and VAT printed on one line (either may be missing)."""

    rate: Decimal
    base: Cand | None
    vat: Cand
    line: int


def _base_sum(rows: list[RateRow]) -> Decimal | None:
    """The rows' printed bases added up; None when a row prints none."""
    total = Decimal(0)
    for r in rows:
        if r.base is None:
            return None
        total += r.base.value
    return total


def _bases_add_up(rows: list[RateRow], excl: Decimal) -> bool:
    base = _base_sum(rows)
    return base is not None and abs(base - excl) <= ONE_CENT * len(rows)


@dataclass
class Solution:
    excl: Decimal
    vat: Decimal
    incl: Decimal
    payable: Decimal
    prepaid: Decimal | None = None
    excl_c: Cand | None = None  # the printed amounts (None: derived)
    vat_c: Cand | None = None
    incl_c: Cand | None = None
    payable_c: Cand | None = None
    rows: list[RateRow] = field(default_factory=list)
    score: float = 0.0
    held: list[str] = field(default_factory=list)  # constraints that hold
    checked: int = 0  # constraints that could be checked
    # every consistent set considered: (excl, VAT, incl) -> its best score
    alternatives: dict = field(default_factory=dict)

    @property
    def confidence(self) -> float:
        """0.5 for a set whose arithmetic could not be checked, up to 0.99 when every
        check holds (base + VAT = total, the rate, the rows, the payable)."""
        if not self.checked:
            return 0.4
        share = len(self.held) / self.checked
        return round(min(0.99, 0.45 + 0.12 * len(self.held) * share), 3)


def rate_of(base: Decimal, vat: Decimal) -> Decimal | None:
    """The standard rate that gives this VAT on this base, within rounding."""
    if base == 0:
        return None
    for rate in STANDARD_RATES:
        if abs((abs(base) * rate / 100).quantize(ONE_CENT) - abs(vat)) <= Decimal("0.02"):
            return rate
    return None


def plausible_share(base: Decimal, vat: Decimal) -> bool:
    return base != 0 and 0 <= vat / base <= MAX_VAT_SHARE


def rate_rows(cands: list[Cand]) -> list[RateRow]:
    """Rows of a per-rate breakdown: on one line a rate, and a VAT amount that is that
    rate of an amount beside it (the base), or a VAT amount under a label with a rate."""
    by_line: dict[int, list[Cand]] = {}
    for c in cands:
        by_line.setdefault(c.line, []).append(c)
    rows: list[RateRow] = []
    for line, group in sorted(by_line.items()):
        rates = {c.rate for c in group if c.rate is not None}
        found = None
        for rate in sorted(rates, reverse=True):
            for base, vat in itertools.permutations(group, 2):
                if base.value == 0 or abs(vat.value) >= abs(base.value):
                    continue
                expected = (base.value * rate / 100).quantize(ONE_CENT)
                if abs(expected - vat.value) <= ONE_CENT:
                    found = RateRow(rate, base, vat, line)
                    break
            if found:
                break
        if found is None and len(rates) == 1:
            # (The tail of a spaced number, "271,82" of "17 271,82", is no second VAT.)
            vats = [c for c in group if c.role("vat") and c.rate is not None and not c.partial]
            # "TVA 10 % sur 54 013,29 €  5 401,36 €": the base in the label, its VAT
            # rounded line by line, so not 10 % of it to the cent; the VAT is rightmost.
            rightmost = max(vats, key=lambda c: c.x) if vats else None
            if rightmost is not None and not rightmost.role("incl"):
                found = RateRow(next(iter(rates)), None, rightmost, line)
        if found is not None:
            rows.append(found)
    # A base printed on its own line beside its VAT line ("Base 21 %  800,00" over
    # "TVA 21 %  168,00"): the amount with the same rate a line or two away that gives
    # that VAT.
    for row in rows:
        if row.base is not None:
            continue
        near = [
            c
            for c in cands
            if c.rate == row.rate
            and c.line != row.line
            and abs(c.line - row.line) <= 2
            and not c.partial
            and c.value
            and abs((c.value * row.rate / 100).quantize(ONE_CENT) - row.vat.value) <= ONE_CENT
        ]
        if len(near) == 1:
            row.base = near[0]
    return rows


def row_sets(rows: list[RateRow]) -> list[list[RateRow]]:
    """Rows printed together (a table, or VAT lines one under the other): runs of rows
    on nearby lines; a run and each of its shorter stretches."""
    runs: list[list[RateRow]] = []
    for row in rows:
        if runs and row.line - runs[-1][-1].line <= 3:
            runs[-1].append(row)
        else:
            runs.append([row])
    out: list[list[RateRow]] = []
    for run in runs:
        for size in range(len(run), 0, -1):
            for i in range(len(run) - size + 1):
                out.append(run[i : i + size])
                if len(out) > 60:
                    return out
    return out


def _label_score(excl: Cand | None, vat: Cand | None, incl: Cand) -> float:
    s = 1.2 * incl.role("incl") + 0.3 * incl.role("payable")
    s -= 1.0 * incl.role("excl") + 1.2 * incl.role("prepaid") + 0.8 * incl.role("vat")
    if excl is not None:
        s += 1.2 * excl.role("excl") - 0.8 * excl.role("incl") * (1 - excl.role("excl"))
        s -= 1.2 * excl.role("prepaid") + 0.6 * excl.role("vat") * (1 - excl.role("excl"))
    if vat is not None:
        s += 1.2 * vat.role("vat") - 0.8 * vat.role("incl") - 1.2 * vat.role("prepaid")
    return s


def _layout_score(excl: Cand | None, vat: Cand | None, incl: Cand, biggest: Decimal) -> float:
    s = 0.0
    if abs(incl.value) == biggest:
        s += 0.4
    if incl.last_page:
        s += 0.2
    s += 0.2 * min(1.0, max(0.0, incl.y - 0.3) / 0.5)  # low on the page
    if incl.x > 0.55:
        s += 0.1
    for c in (excl, vat):
        if c is None:
            continue
        if c.line <= incl.line:
            s += 0.1
        if c.page != incl.page:
            s -= 0.3
        elif abs(c.line - incl.line) > 12:
            s -= 0.3  # far apart: likely an item row and a total
    return s


def solve(cands: list[Cand]) -> Solution | None:
    """The best consistent set of totals among the candidates, or None."""
    cands = [c for c in cands if c.value is not None]
    if not cands:
        return None
    biggest = max(abs(c.value) for c in cands)
    by_value: dict[Decimal, list[Cand]] = {}
    for c in cands:
        by_value.setdefault(c.value, []).append(c)
    rows = rate_rows(cands)
    sets = row_sets(rows)
    labelled = [c for c in cands if c.roles]
    pool = labelled if len(labelled) >= 2 else cands
    best: Solution | None = None

    scores: dict[tuple[Decimal, Decimal, Decimal], float] = {}

    def consider(sol: Solution) -> None:
        nonlocal best
        key = (sol.excl, sol.vat, sol.incl)
        scores[key] = max(scores.get(key, sol.score), sol.score)
        if best is None or sol.score > best.score:
            best = sol

    incl_pool = [c for c in cands if c.value != 0]
    for incl in incl_pool:
        # 1. excl and VAT printed: excl + VAT = incl.
        for excl in pool:
            if excl is incl or abs(excl.value) > abs(incl.value) or excl.value == 0:
                continue
            if (excl.value < 0) != (incl.value < 0):
                continue
            gap = incl.value - excl.value
            if not plausible_share(excl.value, gap):
                continue
            vats = [v for v in by_value.get(gap, []) if v is not excl and v is not incl]
            if not vats and incl.value < 0:
                # Credit notes often print their VAT without the minus sign.
                vats = [v for v in by_value.get(-gap, []) if v is not excl and v is not incl]
            vat_c = max(vats, key=lambda v: (v.role("vat"), v.line)) if vats else None
            if vat_c is None and gap == 0:
                continue
            # base + VAT = total is a check only when the VAT is printed; a derived VAT
            # meets it by construction.
            held, checked, arith = (["sum"], 1, 0.0) if vat_c is not None else ([], 0, 0.0)
            rate = rate_of(excl.value, gap)
            fitting = [
                rs
                for rs in sets
                if len(rs) > 1
                and abs(sum(r.vat.value for r in rs) - gap) <= ONE_CENT * len(rs)
                and (
                    _bases_add_up(rs, excl.value)
                    or _bases_fit(rs, excl.value)
                    or (vat_c is None and _bases_fit(rs, excl.value, per_line=True))
                )
            ]
            checked += 1
            if fitting:
                held.append("rows")
                arith += 1.3
            elif rate is not None:
                held.append("rate")
                arith += 1.0
            elif gap == 0:
                arith += 0.2
            else:
                arith += 0.35  # a plausible mix of rates, unchecked
            if vat_c is None:
                # VAT not printed as one figure (or misread): only when the rate or the
                # rows say so, or when base and grand total both carry their own strong
                # labels; and on amounts read whole.
                strong = excl.role("excl") >= 1 and incl.role("incl") >= 1
                if (not fitting and rate is None and not strong) or excl.partial or incl.partial:
                    continue
                arith -= 0.25 if (fitting or rate is not None) else 0.6
            score = (
                arith + _label_score(excl, vat_c, incl) + _layout_score(excl, vat_c, incl, biggest)
            )
            if gap == 0 and not (vat_c and vat_c.role("vat")):
                score -= 1.2
            score -= 0.5 * sum(1 for c in (excl, vat_c, incl) if c is not None and c.partial)
            consider(
                Solution(
                    excl.value,
                    gap,
                    incl.value,
                    incl.value,
                    excl_c=excl,
                    vat_c=vat_c,
                    incl_c=incl,
                    rows=fitting[0] if fitting else [],
                    score=score,
                    held=held,
                    checked=checked,
                )
            )
        # 2. Neither the base nor the VAT printed as one figure: a per-rate table whose
        # bases and VAT add up to the total.
        for rs in sets:
            base = _base_sum(rs)
            if base is None:
                continue
            tax = sum((r.vat.value for r in rs), Decimal(0))
            if abs(base + tax - incl.value) > ONE_CENT * len(rs) or incl in [r.base for r in rs]:
                continue
            if any(incl is r.vat for r in rs):
                continue
            score = 1.3 + _label_score(None, None, incl) + _layout_score(None, None, incl, biggest)
            score += 0.3 * len(rs) - 0.6
            consider(
                Solution(
                    base,
                    tax,
                    incl.value,
                    incl.value,
                    incl_c=incl,
                    rows=rs,
                    score=score,
                    held=["rows", "sum"],
                    checked=2,
                )
            )
    if best is None:
        return None
    best.alternatives = scores
    _payable(best, labelled, by_value)
    return best


def _bases_fit(rs: list[RateRow], excl: Decimal, per_line: bool = False) -> bool:
    """VAT rows without their base: each VAT divided by its rate gives a base; those
    bases add up to the total base (within what the rounding of each VAT allows).

    per_line: the VAT rounded on each invoice line, then added up per rate (Odoo's
    default): the rounding grows with the lines, unknown here, so up to 0.05 % of the
    base. Used only where the rows' VAT also closes excl + VAT = total to the cent
    ("TVA 20 %" and "TVA 10 % sur 54 013,29" with no VAT total: 0.26 apart on 140 372,44).
    """
    if not all(r.rate for r in rs):
        return False
    bases = sum((r.vat.value * 100 / r.rate for r in rs), Decimal(0))
    tolerance = Decimal("0.01") * 100 * len(rs) / min(r.rate for r in rs) + ONE_CENT
    if per_line:
        tolerance = max(tolerance, abs(excl) * Decimal("0.0005"))
    return abs(bases - excl) <= tolerance


def _payable(sol: Solution, labelled: list[Cand], by_value: dict) -> None:
    """incl - prepaid = payable: a printed prepaid amount and the amount left to pay."""
    incl = sol.incl_c
    after = [c for c in labelled if incl is None or c.line >= incl.line]
    sol.checked += 0  # the payable check counts only when a prepaid amount is printed
    for p in (c for c in labelled if c.role("prepaid") and c.value):
        rest = sol.incl - abs(p.value) if sol.incl > 0 else sol.incl + abs(p.value)
        due = [c for c in by_value.get(rest, []) if c.role("payable") or c in after]
        sol.checked += 1
        if due:
            sol.payable, sol.payable_c, sol.prepaid = rest, max(due, key=lambda c: c.line), p.value
            sol.held.append("payable")
            return
        if not any(c.role("payable") and c.value != sol.incl for c in after):
            sol.payable, sol.prepaid = rest, p.value  # advance printed, amount due not
            return
    payable = [
        c
        for c in after
        if c.role("payable") and not c.role("prepaid") and abs(c.value) <= abs(sol.incl)
    ]
    if payable:
        pick = max(payable, key=lambda c: (c.line, -abs(c.value - sol.incl)))
        sol.payable, sol.payable_c = pick.value, pick


def from_text_rate(text: str) -> Decimal | None:
    """The rate a label prints ("TVA 21 %", "MwSt. 19%", "zzgl. 7 % USt.")."""
    m = re.search(r"(?<![\d.,])(\d{1,2}(?:[.,]\d{1,2})?)\s?%", text)
    if not m:
        return None
    rate = Decimal(m.group(1).replace(",", "."))
    return rate if rate in STANDARD_RATES else None


# -- the VAT breakdown from the chosen set ---------------------------------------------------


def _base_range(rate: Decimal, vat: Decimal) -> tuple[int, int]:
    """Bases in cents whose VAT at this rate rounds to the printed VAT."""
    lo = (abs(vat) - Decimal("0.005")) * 100 / rate
    hi = (abs(vat) + Decimal("0.005")) * 100 / rate
    return int((lo * 100).to_integral_value(rounding="ROUND_CEILING")), int(
        (hi * 100).to_integral_value(rounding="ROUND_FLOOR")
    )


def complete_rows(
    rows: list[tuple[Decimal, Decimal | None, Decimal]], excl: Decimal
) -> list[dict] | None:
    """Rows (rate, base or None, VAT) completed so that the bases add up to the total
    base: a missing base is the one value that both rounds to its printed VAT and
    closes the sum; None when no such value exists or when several do."""
    if not rows or any(rate <= 0 for rate, _b, _v in rows):
        return None
    sign = -1 if excl < 0 else 1
    known = sum((abs(b) for _r, b, _v in rows if b is not None), Decimal(0))
    missing = [i for i, (_r, b, _v) in enumerate(rows) if b is None]
    left = int(((abs(excl) - known) * 100).to_integral_value())
    if len(missing) > 2:
        return None
    solutions: list[list[int]] = []
    if not missing:
        solutions = [[]] if left == 0 else []
    elif len(missing) == 1:
        lo, hi = _base_range(rows[missing[0]][0], rows[missing[0]][2])
        solutions = [[left]] if lo <= left <= hi else []
    else:
        (lo_a, hi_a), (lo_b, hi_b) = (_base_range(rows[i][0], rows[i][2]) for i in missing)
        for a in range(lo_a, hi_a + 1):
            if lo_b <= left - a <= hi_b:
                solutions.append([a, left - a])
            if len(solutions) > 1:
                break
    if len(solutions) != 1:
        return None
    filled = dict(zip(missing, solutions[0], strict=True))
    out = []
    for i, (rate, base, vat) in enumerate(rows):
        value = abs(base) if base is not None else Decimal(filled[i]) / 100
        out.append(
            {
                "rate": rate.normalize(),
                "base": sign * value.quantize(ONE_CENT),
                "vat": sign * abs(vat),
            }
        )
    return out


def breakdown_from_lines(lines: list[dict], excl: Decimal, vat: Decimal) -> list[dict]:
    """Several rates in the item table and no breakdown printed: each rate's base is
    the sum of its lines, kept when the bases add up to the total base and their VAT,
    rounded per rate, to the total VAT."""
    by_rate: dict[Decimal, Decimal] = {}
    for ln in lines:
        rate, net = ln.get("vat_rate"), ln.get("net_amount")
        if rate is None or net is None:
            return []
        by_rate[Decimal(rate)] = by_rate.get(Decimal(rate), Decimal(0)) + Decimal(net)
    if len(by_rate) < 2 or sum(by_rate.values(), Decimal(0)) != excl:
        return []
    rows = [
        {"rate": r.normalize(), "base": b, "vat": (b * r / 100).quantize(ONE_CENT)}
        for r, b in sorted(by_rate.items(), reverse=True)
    ]
    if sum((r["vat"] for r in rows), Decimal(0)) != vat:
        return []
    return rows
