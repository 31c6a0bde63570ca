"""Document kind (invoice or credit note) and currency."""

from __future__ import annotations

import re
from collections import Counter

from . import labels as L
from .candidates import Cand
from .document import Doc
from .iban import extract_iban
from .parse import AMOUNT_RE, CURRENCY_CODES, fold
from .party_vat import extract_parties


def extract_kind(doc: Doc) -> Cand[str] | None:
    for line in doc.lines[:40]:
        for seg in line.segments:
            m = L.CREDIT_NOTE.search(fold(seg.text))
            # A title ("Avoir AV-2017-0005", "Gutschrift"), not a word in running text.
            if m and (m.start() <= 2 or len(seg.words) <= 5):
                return Cand("credit_note", 0.85, seg, 0, 0, doc.page_of[seg.page])
    for line in doc.lines[:40]:
        for seg in line.segments:
            if re.search(r"\b(invoice|facture|factuur|rechnung|bill)\b", fold(seg.text)):
                return Cand("invoice", 0.9, seg, 0, 0, doc.page_of[seg.page])
    return None


def extract_currency(doc: Doc) -> Cand[str] | None:
    counts: Counter[str] = Counter()
    first: dict[str, Cand[str]] = {}
    for seg in doc.segments:
        folded = fold(seg.text)
        labelled = bool(L.CURRENCY_LABEL.search(folded))
        # A code glued to its amount ("EUR1.234,56", "12,50EUR") counts too.
        for code in re.findall(
            r"(?<![A-Z])(" + "|".join(CURRENCY_CODES) + r")(?![A-Z])", seg.text.upper()
        ):
            counts[code] += 5 if labelled else 2
            first.setdefault(
                code, Cand(code, 0.9 if labelled else 0.8, seg, 0, 0, doc.page_of[seg.page])
            )
        for sym, code in (("€", "EUR"), ("£", "GBP"), ("₹", "INR"), ("zł", "PLN"), ("$", "USD")):
            n = seg.text.count(sym)
            if n:
                counts[code] += n
                first.setdefault(code, Cand(code, 0.75, seg, 0, 0, doc.page_of[seg.page]))
        if re.search(r"\brs\.?\s?-?\d", folded):
            counts["INR"] += 1
            first.setdefault("INR", Cand("INR", 0.6, seg, 0, 0, doc.page_of[seg.page]))
        if re.search(r"us\s*dollars?", folded):
            counts["USD"] += 5
            first.setdefault("USD", Cand("USD", 0.85, seg, 0, 0, doc.page_of[seg.page]))
        if re.search(r"\beuros?\b", folded):
            counts["EUR"] += 2
            first.setdefault("EUR", Cand("EUR", 0.8, seg, 0, 0, doc.page_of[seg.page]))
    if not counts:
        return _implied_euro(doc)
    code = counts.most_common(1)[0][0]
    return first[code]


# Countries whose currency is the euro (VAT prefixes: Greece is EL).
EUROZONE = frozenset(
    [
        "AT",
        "BE",
        "CY",
        "DE",
        "EE",
        "EL",
        "ES",
        "FI",
        "FR",
        "GR",
        "HR",
        "IE",
        "IT",
        "LT",
        "LU",
        "LV",
        "MT",
        "NL",
        "PT",
        "SI",
        "SK",
    ]
)


def _implied_euro(doc: Doc) -> Cand[str] | None:
    """No currency code or sign read (a '€' the scan made into 'C' or 'E', or none
    printed at all): an invoice whose seller is registered for VAT in a euro country,
    or that asks to be paid into a euro-country IBAN, or whose only VAT number read is a
    euro-country buyer's with amounts in decimal commas, is in euro. A seller outside
    the euro area implies nothing. Low confidence: the value is implied, not read."""
    amounts = [m for seg in doc.segments for m in AMOUNT_RE.finditer(seg.text)]
    if not amounts:
        return None
    parties = extract_parties(doc, None)
    seller = parties.get("seller_vat")
    iban, _bic = extract_iban(doc)
    if seller is not None:
        # A seller outside the euro area with no currency printed: nothing is implied.
        if seller.value[:2] not in EUROZONE:
            return None
        return Cand("EUR", 0.5, seller.seg, 0, 0, seller.page)
    if iban is not None and iban.value[:2] in EUROZONE:
        return Cand("EUR", 0.45, iban.seg, 0, 0, iban.page)
    # Only the buyer's number read: a euro-country buyer and amounts written with a
    # decimal comma, as euro countries write them ("1.234,56").
    buyer = parties.get("buyer_vat")
    if (
        buyer is not None
        and buyer.value[:2] in EUROZONE
        and all(m.group("dec").startswith(",") for m in amounts)
    ):
        return Cand("EUR", 0.4, buyer.seg, 0, 0, buyer.page)
    return None
