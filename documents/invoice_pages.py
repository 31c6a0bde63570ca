"""Where each invoice of a multi-invoice scan starts (the split hint, B11).

An invoice word on a page is not enough: page 2 of "Facture 2024-017" repeats the
letterhead and the word "Facture". Each page's clues decide instead, strongest first:
a "page x/y" marker, then the invoice number compared with the one of the invoice
being read, then the title and the letterhead once that invoice has shown its total.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_INVOICE = (
    r"(?:invoice|facture|factuur|rechnung|credit\s*note|note\s+de\s+cr[ée]dit|creditnota|"
    r"gutschrift)"
)
_NUMBER = r"([a-z]{0,6}[\-/.]?\d[a-z0-9/\-_.]*)"
_SP = r"[^\S\r\n]*"  # spaces on the same line: a number on the next line is something else
_DATE = re.compile(r"^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}$|^\d{4}-\d{2}-\d{2}$")
_NUMBER_LABELS = (
    # "Facture 2024-017", "Invoice no. INV-88", "Factuurnummer: 123", "Rechnungsnummer 9"
    re.compile(
        _INVOICE
        + rf"s?{_SP}(?:number|nummer|num[ée]ro|no\.?|nr\.?|n[°º]\.?|#)?{_SP}[:.]?{_SP}"
        + _NUMBER,
        re.I,
    ),
    # "N° de facture : F-12", "Numéro facture 12", "Nummer factuur 12"
    re.compile(
        r"(?:n[°º]|num[ée]ro|nummer|number)\s*(?:de\s+(?:la\s+)?|van\s+(?:de\s+)?|of\s+)?"
        + _INVOICE
        + rf"{_SP}[:.]?{_SP}"
        + _NUMBER,
        re.I,
    ),
)
_PAGE_OF = re.compile(
    r"\b(?:page|pagina|seite|blad|p\.)\s*(\d{1,3})\s*(?:/|of|sur|de|van|von|op)\s*(\d{1,3})\b",
    re.I,
)
# A title: the invoice word among a line's first three words ("Facture", "Tax invoice",
# "N° de facture : 12"), not in a sentence ("payable within 30 days of the invoice date").
_TITLE = re.compile(r"^\W*(?:\S+\s+){0,2}" + _INVOICE + r"\b", re.I)
# A total to pay closes an invoice; a subtotal or an amount carried forward does not.
_TOTAL = re.compile(
    r"(?<![-\w])(?:total(?:\s+(?:ttc|tvac|incl\.?|due|à payer|a payer|general|général))?|"
    r"totaal|te betalen|à payer|amount due|gesamtbetrag|endbetrag|rechnungsbetrag|zu zahlen|"
    r"net à payer)\b(?!\s*(?:ht|htva|excl|hors|à reporter|carried|report))",
    re.I,
)
_CARRIED = re.compile(
    r"\b(?:à reporter|report|carried forward|transport|übertrag|over te dragen)\b", re.I
)
# A table's "Total" column header is no total: the line must carry an amount.
_AMOUNT = re.compile(r"\d[\d .,']*[.,]\d{2}\b")
HEAD_LINES = 15


@dataclass(frozen=True)
class PageClues:
    number: str  # the invoice number printed on the page, upper case; "" when none
    page_of: tuple[int, int] | None  # a "page x/y" marker
    titled: bool  # an invoice word in the page's head
    total: bool  # a total to pay on the page
    letterhead: str  # the first line, as the issuer's mark


def _lines(text: str) -> list[str]:
    return [ln.strip() for ln in text.replace("\r", "\n").split("\n") if ln.strip()]


def clues(text: str) -> PageClues:
    lines = _lines(text)
    head = "\n".join(lines[:HEAD_LINES])
    number = ""
    for label in _NUMBER_LABELS:
        found = [m.group(1).strip("./-_").upper() for m in label.finditer(head)]
        found = [n for n in found if not _DATE.match(n)]  # "Facture 08/09/2022" is a date
        if found:
            number = found[0]
            break
    marker = _PAGE_OF.search(text)
    page_of = (int(marker.group(1)), int(marker.group(2))) if marker else None
    if page_of and not 1 <= page_of[0] <= page_of[1]:
        page_of = None
    totals = [
        ln for ln in lines if _TOTAL.search(ln) and _AMOUNT.search(ln) and not _CARRIED.search(ln)
    ]
    letterhead = re.sub(r"[\d\s]+", " ", lines[0]).strip().lower() if lines else ""
    return PageClues(
        number,
        page_of,
        any(_TITLE.search(ln) for ln in lines[:HEAD_LINES]),
        bool(totals),
        letterhead,
    )


def _starts_new(page: PageClues, number: str, closed: bool, letterhead: str) -> bool:
    if page.page_of:
        return page.page_of[0] == 1
    if page.number and number:
        return page.number != number
    if page.number:
        return closed or page.letterhead != letterhead
    other_head = bool(page.letterhead and page.letterhead != letterhead)
    if page.titled:
        return closed or other_head
    # An untitled page with its own total under another letterhead, after a finished invoice
    # (a receipt, a layout without the word); more lines and a total after an open one continue it.
    return page.total and closed and other_head


def first_pages(texts: list[str]) -> list[int]:
    """Pages (1-based) where an invoice starts; [1] for one invoice, [] without any text."""
    if not any(t.strip() for t in texts):
        return []
    firsts = [1]
    number, closed, letterhead = "", False, ""
    for i, text in enumerate(texts, start=1):
        page = clues(text)
        if i > 1 and _starts_new(page, number, closed, letterhead):
            firsts.append(i)
            number, closed, letterhead = "", False, ""
        number = number or page.number
        letterhead = letterhead or page.letterhead
        closed = closed or page.total
    return firsts


def likely_first_pages(texts: list[str]) -> list[int]:
    """The split hint: the first pages when the scan holds two invoices or more, else []."""
    firsts = first_pages(texts)
    return firsts if len(firsts) >= 2 else []
