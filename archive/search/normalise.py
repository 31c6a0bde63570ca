"""Text and amounts as the archive index stores them, the same for every backend.

Words: lower case, accents removed, split on anything that is not a letter or digit, so
"Électricité INV-2026/001" becomes "electricite inv 2026 001" on SQLite and PostgreSQL alike.

Amounts: a number however it is typed (150, 150,00, 150.00, 1.500,00, 1 500,00, 1,500.00)
becomes cents. A separator followed by three digits groups thousands ("1.500" is 1500.00);
one followed by one or two digits is the decimal mark.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

_WORD = re.compile(r"[^\W_]+")
# Groups of three digits after a space, a dot, an apostrophe or a no-break space, then an
# optional decimal part of one or two digits; or plain digits with an optional decimal part.
AMOUNT = re.compile(
    r"(?<![\w.,])(?:\d{1,3}(?:[ \u00a0\u202f.,']\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?)(?![\d])"
)
MAX_CENTS = 10**15


def fold(text: str) -> str:
    """Lower case without accents (é -> e, ß -> ss)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def prefix_ok(term: str) -> bool:
    """A term matched as the beginning of a word too. "150" should not find "1500": digits
    and short words are matched whole."""
    return len(term) >= 3 and not term.isdigit()


def body(*parts: str) -> str:
    """The indexed text: the words of every part, space-separated."""
    return " ".join(w for part in parts if part for w in words(part))


def amount_candidates(token: str) -> set[int]:
    """Every amount in cents that `token` can mean (empty when it is not an amount)."""
    token = token.strip()
    if not AMOUNT.fullmatch(token):
        return set()
    seps = [(i, c) for i, c in enumerate(token) if not c.isdigit()]
    if not seps:
        return {int(token) * 100}
    readings: set[int] = set()
    last_i, last_c = seps[-1]
    tail = len(token) - last_i - 1
    # The last separator as the decimal mark (1.500,00 / 150.00 / 1.5): every other one groups.
    if tail in (1, 2) and last_c in ".,":
        whole = re.sub(r"\D", "", token[:last_i])
        readings.add(int(whole) * 100 + int(token[last_i + 1 :].ljust(2, "0")))
    # Every separator as a thousands mark (1.500 / 1 500 / 1,500).
    if tail == 3 and len({c for _, c in seps}) == 1:
        readings.add(int(re.sub(r"\D", "", token)) * 100)
    return {c for c in readings if c < MAX_CENTS}


def amounts_in(text: str, limit: int = 200) -> set[int]:
    """The amounts written in a text, in cents (at most `limit`, the first ones)."""
    found: set[int] = set()
    for m in AMOUNT.finditer(text):
        found |= amount_candidates(m.group(0))
        if len(found) >= limit:
            break
    return found


def cents(value: Decimal) -> int:
    return int((abs(value) * 100).to_integral_value())


def split_query(q: str) -> tuple[list[tuple[set[int], list[str]]], list[str]]:
    """A search box's text as amount phrases (readings in cents, and the phrase's words) and
    plain words. A phrase matches a document holding one of its amounts, or its words as
    text ("2026" may be a year or an invoice number as well as an amount)."""
    phrases: list[tuple[set[int], list[str]]] = []
    rest: list[str] = []
    pos = 0
    for m in AMOUNT.finditer(q):
        readings = amount_candidates(m.group(0))
        if not readings:
            continue
        rest.append(q[pos : m.start()])
        pos = m.end()
        phrases.append((readings, words(m.group(0))))
    rest.append(q[pos:])
    return phrases, words(" ".join(rest))
