"""Issue and due dates: under their labels, else an unlabelled date near the top."""

from __future__ import annotations

import datetime as dt
import re

from . import labels as L
from .candidates import Cand, Parsed, best_of, find_labelled
from .document import Doc
from .parse import find_dates, fold


def parse_date_after(text: str, start: int, doc: Doc) -> Parsed[dt.date] | None:
    rest = text[start:]
    found = find_dates(rest, month_first=doc.month_first, compact=True)
    if not found:
        return None
    date, s, e = found[0]
    quality = 1.0 if s <= 14 else 0.7
    return date, start + s, start + e, quality


def _discount_term(c: Cand[dt.date]) -> bool:
    """A date under a due-date label that is a cash-discount deadline ("Zahlbar bis
    25.02.2024 mit 2 % Skonto", "escompte 2 % si paiement avant le ..."): the words of
    the discount stand in the label or right after the date, before any other date."""
    before = _A_DATE.split(c.label)[-1]
    if _NET_TERM.search(before):
        return False  # "netto bis 15.12.2024, 3 % Skonto bis ...": the net date
    # The clause the date ends: "bis 25.02.2024 mit 2 % Skonto", never the next one.
    after = re.split(r"[,;]|\.\s", _A_DATE.split(fold(c.seg.text[c.end : c.end + 30]))[0])[0]
    return bool(L.CASH_DISCOUNT.search(before) or L.CASH_DISCOUNT.search(after))


_NET_TERM = re.compile(
    r"\bnetto\b|\bnet\b|ohne\s*(?:abzug|abschlag)|sans\s*escompte|zonder\s*korting"
)


_A_DATE = re.compile(r"\d{1,2}[./-]\d{1,2}[./-](?:\d{2,4})?")


# -- fields ---------------------------------------------------------------------------

_PREPOSITION_ALONE = re.compile(r"^\s*(?:le|du|den|vom|von)\s*$")


def _preposition_over_a_date(c: Cand[dt.date]) -> bool:
    """A lone preposition whose date is not on its own segment."""
    inline = fold(c.seg.text).lstrip().startswith(c.label.strip())
    return bool(_PREPOSITION_ALONE.match(c.label)) and not inline


def extract_dates(doc: Doc) -> tuple[Cand[dt.date] | None, Cand[dt.date] | None]:
    issue = find_labelled(
        doc, L.ISSUE_DATE, parse_date_after, exclude=L.NOT_ISSUE_DATE, unless=L.STRONG_ISSUE_DATE
    )
    # "le", "du", "den", "vom" label a date only on its own line ("Bruxelles, le 28-09-2025",
    # "Rechnung vom 01.11.2024"); alone, they are the wrapped end of a header cell ("À payer
    # avant" over "le") whose date below is another one.
    issue = [c for c in issue if not _preposition_over_a_date(c)]
    for c in issue:
        label = c.label
        if not L.STRONG_ISSUE_DATE.search(label):
            c.score *= 0.75
        if c.seg.page != 1:
            c.score *= 0.8
        page = c.page
        if page and c.seg.y0 > 0.85 * page.height:
            c.score *= 0.6  # print dates in footers
        if re.search(r"\w,\s*(?:den|le)\s*$", label):
            c.score = max(c.score, 0.9)  # "München, den 01.11.2024", "Paris, le ..."
    due = [c for c in find_labelled(doc, L.DUE_DATE, parse_date_after) if not _discount_term(c)]
    best_issue = best_of(issue)
    if best_issue is None:
        # An unlabelled date near the top of the first page is most often the invoice date.
        for line in doc.lines[:25]:
            for seg in line.segments:
                if L.NOT_ISSUE_DATE.search(fold(seg.text)):
                    continue
                found = find_dates(seg.text, month_first=doc.month_first)
                if found:
                    d, s, e = found[0]
                    best_issue = Cand(d, 0.45, seg, s, e, doc.page_of[seg.page])
                    break
            if best_issue:
                break
    best_due = best_of(due)
    if best_issue and best_due and best_due.value < best_issue.value:
        best_due = None
    return best_issue, best_due
