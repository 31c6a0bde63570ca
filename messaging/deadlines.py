"""The Belgian legal deadlines of one calendar year (BELGIUM.md "VAT"), as plain data.

Each rule, its source and first year (every rule applies to all years generated unless
a first year is given):
- periodic VAT return, monthly filers: the 20th of the next month (Royal Decree no. 1 on
  VAT, art. 18; unchanged by the VAT chain reform, circular 2025/C/6).
- periodic VAT return, quarterly filers: the 20th of the month after the quarter; the 25th
  from the return for Q4 2024 on (VAT chain modernisation law, in force 1 January 2025,
  circular 2025/C/6 of 27 January 2025): first period QUARTERLY_25TH_FROM.
- intra-EU listing: same period and day as the return (Royal Decree no. 50 on VAT).
- annual customer listing: 31 March of the next year (BELGIUM.md; article not re-checked).
- corporate tax advance payments: 10 April, 10 July, 10 October, 20 December for a calendar
  financial year (BELGIUM.md; article not re-checked).
- annual accounts filed with the National Bank: within 30 days of their approval and at the
  latest seven months after the financial year ends (Code of companies and associations,
  art. 3:10; the general meeting approves them within six months, art. 3:1): 31 July for a
  calendar year. First year generated: 2020 (the Code applies to all companies from 2020).
- corporate tax return: at the latest the last day of the seventh month after the month of
  the balance-sheet date (the limit the administration applies to financial years not
  ending on 31 December; for calendar years it announces a common, usually later, date each
  year, e.g. 10 October 2025): 31 July, the earliest the return can be due, so the reminder
  never comes late. Source read: a Belgian accountancy newsletter summarising the rule
  (webwin.be, 2025); the ITC article was not re-checked.
Both come with the advance payments: they are a company's obligations, and the advance
payments switch is the company switch of the calendar.
A deadline on a Saturday, Sunday or public holiday moves only where the administration
moves it: messaging.workdays.SHIFT_RULES, each with its source and the dates it covers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_noop

from core.texts import stored
from messaging.workdays import shift

# Quarterly returns are due on the 25th since the return for Q4 2024; the 20th before.
QUARTERLY_25TH_FROM = date(2024, 12, 31)


@dataclass(frozen=True)
class Deadline:
    key: str
    due: date  # as the administration applies it (moved to the next working day or not)
    title: dict
    legal_due: date | None = None  # set when `due` was moved from it

    @property
    def kind(self) -> str:
        return KINDS[self.key.split(":", 1)[0]]

    @property
    def period(self) -> str:
        """2025-01, 2025-Q1, 2024 (the year listed), 2025-1 (the instalment)."""
        return self.key.split(":", 1)[1]


KINDS = {
    "vat": "vat_return",
    "icl": "intra_eu_listing",
    "customers": "customer_listing",
    "advance": "tax_prepayment",
    "accounts": "annual_accounts",
    "taxreturn": "tax_return",
}

ANNUAL_ACCOUNTS_FROM = 2020  # Code of companies and associations in force for all companies


def _next_month(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


def _vat_periods(filing: str, year: int) -> list[tuple[str, str, date]]:
    """(period key, period label, due date) of the returns whose due date falls in `year`."""
    out = []
    if filing == "monthly":
        for y, m in [(year - 1, 12)] + [(year, m) for m in range(1, 12)]:
            dy, dm = _next_month(y, m)
            out.append((f"{y}-{m:02d}", f"{m:02d}/{y}", date(dy, dm, 20)))
    elif filing == "quarterly":
        for y, q in [(year - 1, 4)] + [(year, q) for q in range(1, 4)]:
            end_month = 3 * q
            end = date(y, end_month, 31 if end_month in (3, 12) else 30)
            dy, dm = _next_month(y, end_month)
            day = 25 if end >= QUARTERLY_25TH_FROM else 20
            out.append((f"{y}-Q{q}", f"Q{q} {y}", date(dy, dm, day)))
    return out


def deadlines_for(
    *, year: int, vat_filing: str, intra_eu_listing: bool, advance_payments: bool
) -> list[Deadline]:
    """Every deadline due in `year` for a dossier with these settings, by date."""
    out: list[Deadline] = []
    for key, label, due in _vat_periods(vat_filing, year):
        out.append(
            Deadline(f"vat:{key}", due, stored(gettext_noop("VAT return %(period)s"), period=label))
        )
        if intra_eu_listing:
            out.append(
                Deadline(
                    f"icl:{key}",
                    due,
                    stored(gettext_noop("Intra-EU listing %(period)s"), period=label),
                )
            )
    if vat_filing in ("monthly", "quarterly"):
        out.append(
            Deadline(
                f"customers:{year - 1}",
                date(year, 3, 31),
                stored(gettext_noop("Annual customer listing %(year)s"), year=year - 1),
            )
        )
    if advance_payments:
        for n, (m, d) in enumerate([(4, 10), (7, 10), (10, 10), (12, 20)], start=1):
            out.append(
                Deadline(
                    f"advance:{year}-{n}",
                    date(year, m, d),
                    stored(
                        gettext_noop("Corporate tax advance payment %(n)s/4 %(year)s"),
                        n=n,
                        year=year,
                    ),
                )
            )
    if advance_payments and year - 1 >= ANNUAL_ACCOUNTS_FROM:
        closed = year - 1  # the calendar financial year closed on 31 December before
        out.append(
            Deadline(
                f"accounts:{closed}",
                date(year, 7, 31),
                stored(
                    gettext_noop("Annual accounts %(year)s filed at the National Bank"), year=closed
                ),
            )
        )
        out.append(
            Deadline(
                f"taxreturn:{closed}",
                date(year, 7, 31),
                stored(
                    gettext_noop(
                        "Corporate tax return %(year)s (legal limit; check the date the "
                        "administration announces)"
                    ),
                    year=closed,
                ),
            )
        )
    moved: list[Deadline] = []
    for dl in out:
        due, rule = shift(dl.kind, vat_filing, dl.due)
        moved.append(Deadline(dl.key, due, dl.title, dl.due) if rule is not None else dl)
    return sorted(moved, key=lambda x: (x.due, x.key))
