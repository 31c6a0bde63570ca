"""C12: gaps and duplicates in a dossier's sales invoice numbers, per fiscal year.

A number is read as a prefix and a trailing integer ("2026-0042" -> "2026-", 42); each
(fiscal year, prefix) is one series. The numbers are those of the sales proposals (deleted
ones do not count) and of the invoices issued in Fidu (`invoicing`, booked without a
proposal). A gap is an integer missing between the lowest and the highest of a series; a
duplicate is a number used twice or more. Switched on per dossier
(office.DossierChecks.sales_numbering); the flags of a proposal reach booking's problems
list through the "proposal_problems" extension point.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_noop

from core.texts import stored
from office.models import DossierChecks

MAX_GAPS_LISTED = 200  # a series misread as "1" and "900000" must not list 900,000 numbers
_NUMBER = re.compile(r"^(.*?)(\d+)\s*$")


@dataclass
class Series:
    year: str
    prefix: str
    first: int = 0
    last: int = 0
    count: int = 0
    gaps: list[str] = field(default_factory=list)
    gap_count: int = 0


@dataclass
class YearReport:
    year: str
    series: list[Series] = field(default_factory=list)
    duplicates: dict[str, list[int]] = field(default_factory=dict)  # number -> proposal ids
    # number -> ids of invoices issued in Fidu, for the numbers in `duplicates`
    duplicate_invoices: dict[str, list[int]] = field(default_factory=dict)
    unparsed: list[str] = field(default_factory=list)

    def duplicate_rows(self) -> list[tuple[str, int, int]]:
        """(number, proposals, issued invoices) of every duplicate."""
        return [
            (n, len(ids), len(self.duplicate_invoices.get(n, [])))
            for n, ids in self.duplicates.items()
        ]


def numbering_enabled(dossier: Any) -> bool:
    return DossierChecks.objects.filter(dossier=dossier, sales_numbering=True).exists()


def _norm(number: str) -> str:
    return re.sub(r"\s+", "", number or "").upper()


def _year(p: dict) -> str:
    if p["period__fiscal_year__name"]:
        return str(p["period__fiscal_year__name"])
    return str(p["invoice_date"].year) if p["invoice_date"] else "?"


def _rows(dossier: Any) -> list[dict]:
    """Every sales number: proposals ("proposal") and invoices issued in Fidu ("invoice")."""
    from booking.models import Direction, Proposal, State
    from invoicing.models import Invoice, Status
    from ledger.models import FiscalYear

    rows = [
        {**row, "source": "proposal"}
        for row in Proposal.objects.filter(dossier=dossier, direction=Direction.SALES)
        .exclude(state=State.DELETED)
        .exclude(invoice_number="")
        .values("pk", "invoice_number", "invoice_date", "period__fiscal_year__name")
    ]
    issued = list(
        Invoice.objects.filter(dossier=dossier, status=Status.ISSUED)
        .exclude(number="")
        .values("pk", "number", "issue_date")
    )
    if issued:
        years = list(FiscalYear.objects.filter(dossier=dossier).values_list("name", "start", "end"))
        for inv in issued:
            day = inv["issue_date"]
            name = next((n for n, start, end in years if start <= day <= end), None)
            rows.append(
                {
                    "pk": inv["pk"],
                    "invoice_number": inv["number"],
                    "invoice_date": day,
                    "period__fiscal_year__name": name,
                    "source": "invoice",
                }
            )
    return rows


def numbering_report(dossier: Any) -> list[YearReport]:
    """Every fiscal year's series, gaps and duplicates (newest year first)."""
    by_year: dict[str, list[dict]] = defaultdict(list)
    for row in _rows(dossier):
        by_year[_year(row)].append(row)
    reports = []
    for year in sorted(by_year, reverse=True):
        report = YearReport(year=year)
        used: dict[str, list[tuple[str, int]]] = defaultdict(list)
        series: dict[str, list[tuple[int, int]]] = defaultdict(list)  # prefix -> [(n, width)]
        for row in by_year[year]:
            number = _norm(row["invoice_number"])
            used[number].append((row["source"], row["pk"]))
            m = _NUMBER.match(number)
            if m is None:
                report.unparsed.append(number)
                continue
            series[m.group(1)].append((int(m.group(2)), len(m.group(2))))
        for n, uses in sorted(used.items()):
            if len(uses) > 1:
                report.duplicates[n] = sorted(pk for src, pk in uses if src == "proposal")
                invoices = sorted(pk for src, pk in uses if src == "invoice")
                if invoices:
                    report.duplicate_invoices[n] = invoices
        for prefix in sorted(series):
            values = series[prefix]
            numbers = sorted({n for n, _w in values})
            width = max(w for _n, w in values)
            s = Series(year=year, prefix=prefix, first=numbers[0], last=numbers[-1])
            s.count = len(numbers)
            present = set(numbers)
            s.gap_count = (s.last - s.first + 1) - len(present)
            for k in range(s.first, s.last + 1):
                if len(s.gaps) >= MAX_GAPS_LISTED:
                    break
                if k not in present:
                    s.gaps.append(f"{prefix}{str(k).zfill(width)}")
            report.series.append(s)
        reports.append(report)
    return reports


def proposal_numbering_flags(proposal: Any) -> list[dict[str, Any]]:
    """The C12 flags of one sales proposal: its number is a duplicate, or numbers are
    missing just before it in its series. Empty when the check is off for the dossier."""
    from booking.models import Direction

    if proposal.direction != Direction.SALES or not proposal.invoice_number:
        return []
    if not numbering_enabled(proposal.dossier_id):
        return []
    number = _norm(proposal.invoice_number)
    flags: list[dict[str, Any]] = []
    m = _NUMBER.match(number)
    for report in numbering_report(proposal.dossier_id):
        ids = report.duplicates.get(number)
        if ids and proposal.pk in ids:
            others = len(ids) - 1 + len(report.duplicate_invoices.get(number, []))
            flags.append({"kind": "duplicate", "number": number, "others": others})
        if m is None:
            continue
        n = int(m.group(2))
        for s in report.series:
            if s.prefix != m.group(1) or not (s.first <= n <= s.last):
                continue
            before = f"{s.prefix}{str(n - 1).zfill(len(m.group(2)))}"
            if n > s.first and before in s.gaps:
                flags.append({"kind": "gap", "number": before, "year": report.year})
    return flags


DUPLICATE = gettext_noop("Invoice number %(number)s is used more than once.")
GAP = gettext_noop("Invoice number %(number)s is missing before this one.")


def proposal_problems(proposal: Any) -> dict[str, list[dict]]:
    """ "proposal_problems" provider: the C12 flags as warnings in the proposal's problems."""
    flags = proposal_numbering_flags(proposal)
    if not flags:
        return {}
    return {
        "office_numbering": [
            {
                "field": "invoice_number",
                "message": stored(
                    DUPLICATE if f["kind"] == "duplicate" else GAP, number=f["number"]
                ),
                "level": "warning",
            }
            for f in flags
        ]
    }
