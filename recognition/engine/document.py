"""The document as extraction reads it: its first and last pages, OCR label words
fixed, words gathered into lines and segments, and whether dates put the month first."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .layout import Line, Segment, build_lines
from .spelling import fix_ocr_labels
from .types import PageText


@dataclass
class Doc:
    pages: list[PageText]
    lines: list[Line]
    page_of: dict[int, PageText]
    month_first: bool = False
    # Words the OCR label fixer changed, as OCR read them (id of the fixed word -> text):
    # names are values, and "Adatum" must not come out as the label word "Datum".
    read_as: dict[int, str] = field(default_factory=dict)

    @property
    def segments(self) -> list[Segment]:
        return [s for line in self.lines for s in line.segments]


def build_doc(pages: list[PageText], max_pages: int = 4) -> Doc:
    # Invoice fields sit on the first pages and the last one; long documents are read
    # at their start and end only (the full text stays available for search).
    chosen = pages if len(pages) <= max_pages else pages[: max_pages - 1] + pages[-1:]
    fixed = [fix_ocr_labels(p) for p in chosen]
    read_as = {
        id(f): o.text
        for raw, page in zip(chosen, fixed, strict=True)
        if page is not raw
        for o, f in zip(raw.words, page.words, strict=True)
        if f.text != o.text
    }
    chosen = fixed
    lines: list[Line] = []
    for page in chosen:
        page_lines = build_lines(page)
        offset = len(lines)
        for line in page_lines:
            line.index += offset
            for seg in line.segments:
                seg.line = line.index
        lines.extend(page_lines)
    doc = Doc(pages=chosen, lines=lines, page_of={p.number: p for p in chosen}, read_as=read_as)
    doc.month_first = _month_first(doc)
    return doc


def _month_first(doc: Doc) -> bool:
    votes: Counter[str] = Counter()
    for seg in doc.segments:
        for m in re.finditer(r"(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})(?!\d)", seg.text):
            a, b = int(m.group(1)), int(m.group(2))
            if a > 12 >= b:
                votes["dmy"] += 1
            elif b > 12 >= a:
                votes["mdy"] += 1
    return votes["mdy"] > votes["dmy"]
