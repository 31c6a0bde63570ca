"""Belgian public holidays and the "next working day" rules of the VAT deadlines (H4).

Public holidays: the ten legal holidays of the Arrêté royal of 18 April 1974 (art. 1),
implementing the Law of 4 January 1974 on public holidays: 1 January, Easter Monday,
1 May, Ascension Day, Whit Monday, 21 July, 15 August, 1 November, 11 November, 25 December.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


def easter(year: int) -> date:
    """Gregorian Easter Sunday (the anonymous Gregorian algorithm, Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return date(year, month, day + 1)


def public_holidays(year: int) -> set[date]:
    e = easter(year)
    return {
        date(year, 1, 1),
        e + timedelta(days=1),  # Easter Monday
        date(year, 5, 1),
        e + timedelta(days=39),  # Ascension Day
        e + timedelta(days=50),  # Whit Monday
        date(year, 7, 21),
        date(year, 8, 15),
        date(year, 11, 1),
        date(year, 11, 11),
        date(year, 12, 25),
    }


def is_working_day(d: date) -> bool:
    return d.weekday() < 5 and d not in public_holidays(d.year)


def next_working_day(d: date) -> date:
    while not is_working_day(d):
        d += timedelta(days=1)
    return d


@dataclass(frozen=True)
class ShiftRule:
    """When a legal deadline on a Saturday, Sunday or public holiday moves to the next
    working day, as the administration moves it."""

    kinds: frozenset[str]  # deadline kinds (messaging.deadlines.KINDS values)
    filing: str  # "monthly", "quarterly" or "" (any)
    due_from: date  # applies to legal due dates from ...
    due_until: date | None  # ... up to and including this day (None: no end)
    source: str


SHIFT_RULES = [
    ShiftRule(
        frozenset({"vat_return", "intra_eu_listing"}),
        "",
        date(2000, 1, 1),  # the first year this code generates; the practice is older
        date(2024, 12, 31),
        "SPF Finances' administrative practice before the VAT chain reform: e.g. its 2024 "
        "summer notice gives 22 July 2024 as the normal deadline of the returns and "
        "intra-EU listings due on Saturday 20 July 2024 (and 22 August 2022 for 20 August).",
    ),
    ShiftRule(
        frozenset({"vat_return"}),
        "quarterly",
        date(2025, 1, 1),
        date(2025, 9, 30),
        "Circular 2025/C/6 of 27 January 2025 (VAT chain modernisation), transitional "
        "tolerance for returns due before 1 October 2025; its examples: 25.01 becomes "
        "27.01, 20.04 becomes 22.04, 20.07 becomes 22.07, 20.09 becomes 22.09 (2025).",
    ),
    ShiftRule(
        frozenset({"vat_return"}),
        "monthly",
        date(2025, 1, 1),
        None,
        "Circular 2025/C/6 of 27 January 2025: permanent tolerance for monthly filers.",
    ),
]
# Not moved (no source verified here): quarterly returns due from 1 October 2025 (the
# circular ends their tolerance; circular 2025/C/62 extends "certain other transitional
# measures", not checked), intra-EU listings due from 2025, the annual customer listing
# and the corporate tax advance payments.


def shift(kind: str, filing: str, due: date) -> tuple[date, ShiftRule | None]:
    """The deadline as the administration applies it, and the rule that moved it."""
    for rule in SHIFT_RULES:
        if kind not in rule.kinds or (rule.filing and rule.filing != filing):
            continue
        if due < rule.due_from or (rule.due_until is not None and due > rule.due_until):
            continue
        moved = next_working_day(due)
        return moved, (rule if moved != due else None)
    return due, None
