"""Correction memory (SPEC C9), pure part: what a correction teaches, and using it.

A hint records, for one field of one counterparty, the label printed before the value,
where the value sat on the page (fractions), and its format (e.g. month-first dates).
The next document of that counterparty reads the value at that label, else in that box.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from .candidates import Parsed
from .dates import parse_date_after
from .document import Doc, build_doc
from .identifiers import parse_identifier
from .layout import Segment
from .parse import AMOUNT_RE, amount_from_match, find_dates, fold
from .types import FieldValue, PageText

AMOUNT_FIELDS = {"total_excl_vat", "total_vat", "total_incl_vat", "payable_amount"}
DATE_FIELDS = {"issue_date", "due_date"}


def _norm(s: str) -> str:
    return re.sub(r"[\s.,'/-]", "", s.upper())


def _value_spans(seg: Segment, field: str, value: object) -> list[tuple[int, int]]:
    spans = []
    if field in AMOUNT_FIELDS:
        for m in AMOUNT_RE.finditer(seg.text):
            v = amount_from_match(m)
            if v is not None and v == Decimal(str(value)):
                spans.append((m.start(), m.end()))
    elif field in DATE_FIELDS:
        for month_first in (False, True):
            for d, s, e in find_dates(seg.text, month_first=month_first):
                if d == value:
                    spans.append((s, e))
    else:
        target = _norm(str(value))
        compact = ""
        index = []
        for i, ch in enumerate(seg.text):
            if not re.match(r"[\s.,'/-]", ch):
                compact += ch.upper()
                index.append(i)
        pos = compact.find(target) if target else -1
        if pos >= 0:
            spans.append((index[pos], index[pos + len(target) - 1] + 1))
    return spans


def learn_hint(pages: list[PageText], field: str, value: object) -> dict | None:
    """Where `value` (the corrected one) sits in these pages, as a reusable hint."""
    doc = build_doc(pages)
    for seg in doc.segments:
        for start, end in _value_spans(seg, field, value):
            label = seg.text[:start].strip(" :#")
            if not re.search(r"[A-Za-z]{2}", label):
                line = doc.lines[seg.line]
                left = [s.text for s in line.segments[: seg.index]]
                label = left[-1] if left else ""
            label = " ".join(label.split()[-3:])
            page = doc.page_of[seg.page]
            hint = {
                "label": fold(label),
                "box": list(page.box(seg.words_in(start, end))),
                "page": seg.page,
            }
            if field in DATE_FIELDS:
                raw = seg.text[start:end]
                m = re.match(r"(\d{1,2})[/.-](\d{1,2})", raw)
                if m and isinstance(value, dt.date) and int(m.group(1)) == value.month != value.day:
                    hint["format"] = "month_first"
            return hint
    return None


def _parse_for(
    field: str, text: str, start: int, doc: Doc, month_first: bool
) -> Parsed[object] | None:
    if field in AMOUNT_FIELDS:
        m = AMOUNT_RE.search(text, start)
        if m:
            v = amount_from_match(m)
            return (v, m.start(), m.end(), 1.0) if v is not None else None
        return None
    if field in DATE_FIELDS:
        doc.month_first = month_first
        return parse_date_after(text, start, doc)
    return parse_identifier(text, start, doc)


def apply_hints(
    pages: list[PageText], fields: dict[str, FieldValue], hints: dict[str, dict]
) -> dict[str, FieldValue]:
    if not hints:
        return fields
    doc = build_doc(pages)
    out = dict(fields)
    for field, hint in hints.items():
        month_first = hint.get("format") == "month_first"
        found = None
        label = hint.get("label") or ""
        if label:
            for seg in doc.segments:
                folded = fold(seg.text)
                pos = folded.find(label)
                if pos < 0:
                    continue
                end = pos + len(label)
                parsed = _parse_for(field, seg.text, end, doc, month_first)
                if parsed is None:
                    line = doc.lines[seg.line]
                    for right in line.segments[seg.index + 1 : seg.index + 2]:
                        parsed = _parse_for(field, right.text, 0, doc, month_first)
                        if parsed:
                            seg = right
                            break
                if parsed:
                    found = (parsed, seg)
                    break
        if found is None and hint.get("box"):
            x0, y0, x1, y1 = hint["box"]
            for seg in doc.segments:
                page = doc.page_of[seg.page]
                if seg.page != hint.get("page", 1):
                    continue
                sx0, sy0 = seg.x0 / page.width, seg.y0 / page.height
                sx1, sy1 = seg.x1 / page.width, seg.y1 / page.height
                if sx0 < x1 + 0.02 and sx1 > x0 - 0.02 and sy0 < y1 + 0.01 and sy1 > y0 - 0.01:
                    parsed = _parse_for(field, seg.text, 0, doc, month_first)
                    if parsed:
                        found = (parsed, seg)
                        break
        if found:
            (value, s, e, _q), seg = found
            page = doc.page_of[seg.page]
            out[field] = FieldValue(value, 0.95, "learned", seg.page, page.box(seg.words_in(s, e)))
    return out
