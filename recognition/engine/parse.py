"""Parsers for the ways invoices write amounts, dates and identifiers (FR/NL/DE/EN)."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from decimal import Decimal, InvalidOperation

MONTHS = {
    # English
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
    # French
    "janvier": 1,
    "fevrier": 2,
    "mars": 3,
    "avril": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "aout": 8,
    "septembre": 9,
    "octobre": 10,
    "novembre": 11,
    "decembre": 12,
    "janv": 1,
    "fevr": 2,
    "fev": 2,
    "avr": 4,
    "juil": 7,
    # Dutch
    "januari": 1,
    "februari": 2,
    "maart": 3,
    "mei": 5,
    "juni": 6,
    "juli": 7,
    "augustus": 8,
    "oktober": 10,
    "mrt": 3,
    "okt": 10,
    # German
    "januar": 1,
    "februar": 2,
    "marz": 3,
    "juni_de": 6,
    "dezember": 12,
    "jan_de": 1,
    "mai_de": 5,
    "okt_de": 10,
    "dez": 12,
}


def _fold_char(c: str) -> str:
    d = unicodedata.normalize("NFKD", c)
    base = "".join(x for x in d if not unicodedata.combining(x)).lower()
    return base if len(base) == 1 else c.lower()[:1] or c


def fold(s: str) -> str:
    """Lower case without accents ("März" -> "marz"), one character per character, so
    that offsets found in the folded text are valid in the original."""
    return "".join(_fold_char(c) for c in s)


# An amount: optional sign, digits with thousands separators (. , space, ' or thin space),
# then a decimal part of exactly two digits (the form every invoice total takes).
# After a minus sign, OCR's reading of a "€" ("C", "E", "¢") does not drop the sign.
AMOUNT_RE = re.compile(
    r"(?<![\d.,/:])(?P<sign>[-−–]\s?)?(?:€|\$|£|EUR|USD|GBP|CHF|(?<=[-−–])[CE¢](?=\d))?\s?"
    r"(?P<num>\d{1,3}(?:[.,'\u00a0\u202f ]\d{3})+|\d+)(?P<dec>[.,]\d{2})(?![.,]?\d)"
    r"(?:\s?(?P<trail>-))?"
)


def parse_amount(s: str) -> Decimal | None:
    m = AMOUNT_RE.search(s)
    if not m:
        return None
    return amount_from_match(m)


def amount_from_match(m: re.Match) -> Decimal | None:
    num = re.sub(r"[.,'\u00a0\u202f ]", "", m.group("num"))
    try:
        value = Decimal(num + "." + m.group("dec")[1:])
    except InvalidOperation:
        return None
    if m.group("sign") or m.group("trail"):
        value = -value
    return value


def parse_decimal_loose(s: str) -> Decimal | None:
    """'21', '21,00', '5.5' (rates)."""
    s = s.strip().replace(",", ".")
    try:
        return Decimal(s)
    except InvalidOperation:
        return None


_NUMERIC_DATE = re.compile(
    r"(?<!\d)(?P<a>\d{1,4})(?P<s>[./-])(?P<b>\d{1,2})(?P=s)(?P<c>\d{2,4})(?!\d)"
)
# OCR splits "04.07.2018" into "04.07. 2018" or "4. 7. 2018": day-first, both dots
# kept, four-digit year ("12.10 2019" stays unread: it may be an amount and a year).
_SPACED_DATE = re.compile(r"(?<![\d.,])(\d{1,2})\.\s?(\d{1,2})\.\s(\d{4})(?![\d.,]\d)")
# OCR turns one separator of a date into another ("12.03,2026", "12/03.2026") or sets
# spaces around them ("12 / 03 / 2026"): read day-first (month-first when the page's
# dates say so) with a four-digit year, never inside a longer number.
_MIXED_DATE = re.compile(
    r"(?<![\d.,/-])(\d{1,2})(?:\s?[./-]\s?|,)(\d{1,2})(?:\s?[./-]\s?|,)((?:19|20)\d{2})(?![\d]|[.,]\d)"
)
_ISO_COMPACT = re.compile(r"(?<!\d)(20\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?!\d)")
# "12 mars 2026", "12. März 2026", "12-Mar-2026", "12/mrt/2026", "1er mars 2026", "1st of
# March 2026"; day and year may carry
# OCR look-alike letters ("l1. Juli 2014", "18. Oktober 2O25": see _digits), the text
# being folded (lower case) first.
_WORD_DATE_DMY = re.compile(
    r"(?<![\da-z])([\dloiszq]?\d|\d[\dloiszq]|[lis](?=[.\s]))(?:er|re|st|nd|rd|th)?\.?(?:\s*|\s*[-/]\s*)(?:de\s+|of\s+)?"
    r"([a-z][a-z01]{2,9})\.?"
    r"(?:\s+|\s*[-/]\s*)((?:19|20|2[oz]|z[0o])[\doloiszq]{2})(?![\da-z])"
)
# "12-Mar-26", "12/mrt/26": a two-digit year only with the month between dashes or
# slashes (with spaces, "3 mai 25" may be a quantity).
_WORD_DATE_SHORT = re.compile(r"(?<![\da-z])(\d{1,2})([-/])([a-z]{3,9})\.?\2(\d{2})(?![\d])")
_FOLDED_DIGITS = str.maketrans({"o": "0", "q": "0", "l": "1", "i": "1", "s": "5", "z": "2"})


def _digits(s: str) -> int:
    return int(s.translate(_FOLDED_DIGITS))


_WORD_DATE_MDY = re.compile(
    r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?\s*,?\s+(\d{4})(?!\d)"
)


def _year(y: int) -> int:
    if y < 100:
        return 2000 + y if y < 70 else 1900 + y
    return y


def _make(y: int, m: int, d: int) -> dt.date | None:
    try:
        date = dt.date(_year(y), m, d)
    except ValueError:
        return None
    if not (1990 <= date.year <= 2100):
        return None
    return date


def month_number(word: str) -> int | None:
    """A month name or abbreviation, also as OCR damages it ("rnars", "Dezernber",
    "0ctober", "janvler"): one close spelling among the month names of four languages."""
    w = word.lower().rstrip(".")
    month = MONTHS.get(w)
    if month or len(w) < 4:
        return month
    w = w.replace("rn", "m").replace("0", "o").replace("1", "l")
    month = MONTHS.get(w)
    if month:
        return month
    names = [k for k in MONTHS if len(k) >= 4 and "_" not in k]
    close = difflib.get_close_matches(w, names, n=3, cutoff=0.8)
    found = {MONTHS[c] for c in close}
    return found.pop() if len(found) == 1 else None


# A day-first date whose separators OCR lost ("31122025"): read only right after a date
# label (find_dates(..., compact=True)); elsewhere eight digits are more often a number.
_DMY_COMPACT = re.compile(
    r"(?<![\d.,/-])(0[1-9]|[12]\d|3[01])(0[1-9]|1[0-2])((?:19|20)\d{2})(?![\d]|[.,]\d)"
)


def find_dates(
    s: str, *, month_first: bool = False, compact: bool = False
) -> list[tuple[dt.date, int, int]]:
    """All dates in s with their span; day-first unless the text says otherwise.
    compact: also a day-first date written without separators (after a date label)."""
    out: list[tuple[dt.date, int, int]] = []
    for m in _NUMERIC_DATE.finditer(s):
        a, b, c = int(m.group("a")), int(m.group("b")), int(m.group("c"))
        if len(m.group("a")) == 4:
            date = _make(a, b, c)
        elif len(m.group("c")) in (2, 4):
            date = _make(c, a, b) if month_first or (b > 12 and a <= 12) else _make(c, b, a)
        else:
            date = None
        if date:
            out.append((date, m.start(), m.end()))
    if not month_first:
        for m in _MIXED_DATE.finditer(s):
            if any(st < m.end() and m.start() < en for _d, st, en in out):
                continue
            date = _make(int(m.group(3)), int(m.group(2)), int(m.group(1)))
            if date:
                out.append((date, m.start(), m.end()))
    else:
        for m in _MIXED_DATE.finditer(s):
            if any(st < m.end() and m.start() < en for _d, st, en in out):
                continue
            date = _make(int(m.group(3)), int(m.group(1)), int(m.group(2)))
            if date:
                out.append((date, m.start(), m.end()))
    folded = fold(s)
    for m in _WORD_DATE_DMY.finditer(folded):
        month = month_number(m.group(2))
        if month:
            date = _make(_digits(m.group(3)), month, _digits(m.group(1)))
            if date:
                out.append((date, m.start(), m.end()))
    for m in _WORD_DATE_SHORT.finditer(folded):
        month = month_number(m.group(3))
        if month and not any(st < m.end() and m.start() < en for _d, st, en in out):
            date = _make(int(m.group(4)), month, int(m.group(1)))
            if date:
                out.append((date, m.start(), m.end()))
    for m in _WORD_DATE_MDY.finditer(folded):
        month = month_number(m.group(1))
        if month:
            date = _make(int(m.group(3)), month, int(m.group(2)))
            if date:
                out.append((date, m.start(), m.end()))
    if not month_first:
        for m in _SPACED_DATE.finditer(s):
            date = _make(int(m.group(3)), int(m.group(2)), int(m.group(1)))
            if date and not any(st < m.end() and m.start() < en for _d, st, en in out):
                out.append((date, m.start(), m.end()))
    for m in _ISO_COMPACT.finditer(s):
        date = _make(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if date and not any(st <= m.start() < en for _d, st, en in out):
            out.append((date, m.start(), m.end()))
    if compact and not month_first:
        for m in _DMY_COMPACT.finditer(s):
            date = _make(int(m.group(3)), int(m.group(2)), int(m.group(1)))
            if date and not any(st < m.end() and m.start() < en for _d, st, en in out):
                out.append((date, m.start(), m.end()))
    out.sort(key=lambda t: t[1])
    return out


def parse_date(s: str) -> dt.date | None:
    found = find_dates(s)
    return found[0][0] if found else None


# The plus or star signs are often wrapped to another line or damaged by OCR ("+394/...",
# "tt+123/..."): the 3/4/5 digit groups and the mod-97 check are what make it an OGM.
OGM_RE = re.compile(
    r"(?:[+*]{1,3}\s*)?(?<![\d/])(\d{3})\s*/\s*(\d{4})\s*/\s*(\d{5})(?![\d/])(?:\s*[+*]{1,3})?"
)


def find_ogm(s: str) -> str | None:
    """A Belgian structured communication, mod-97 checked (stdnum.be.ogm_vcs)."""
    from stdnum.be import ogm_vcs

    for m in OGM_RE.finditer(s):
        digits = "".join(m.groups())
        if ogm_vcs.is_valid(digits):
            return f"+++{m.group(1)}/{m.group(2)}/{m.group(3)}+++"
    return None


CURRENCY_CODES = (
    "EUR",
    "USD",
    "GBP",
    "CHF",
    "SEK",
    "NOK",
    "DKK",
    "PLN",
    "CZK",
    "HUF",
    "INR",
    "JPY",
    "CAD",
    "AUD",
    "RON",
)
CURRENCY_SYMBOLS = {
    "€": "EUR",
    "$": "USD",
    "£": "GBP",
    "₹": "INR",
    "zł": "PLN",
    "Rs.": "INR",
    "CHF": "CHF",
}
