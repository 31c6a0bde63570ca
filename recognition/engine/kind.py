"""Document kind (invoice or credit note) and currency."""

from __future__ import annotations

import re
from collections import Counter

from . import labels as L
from .candidates import Cand
from .document import Doc
from .parse import CURRENCY_CODES, fold


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
        for code in re.findall(r"\b(" + "|".join(CURRENCY_CODES) + r")\b", seg.text.upper()):
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
        return None
    code = counts.most_common(1)[0][0]
    return first[code]
