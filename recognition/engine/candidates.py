"""Candidates for a field (a value, where it sits, how it was found) and the search from
a label to its value: after it on its segment, to its right, or below it in its column."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

from .document import Doc
from .layout import Segment
from .parse import fold
from .types import FieldValue, PageText

V = TypeVar("V")
# What a value parser finds from a start offset: (value, start, end, quality).
Parsed = tuple[V, int, int, float]


@dataclass
class Cand(Generic[V]):
    value: V
    score: float
    seg: Segment
    start: int = 0
    end: int = 0
    page: PageText | None = None
    label: str = ""  # folded label text that led to this value

    def field_value(self, source: str, confidence: float | None = None) -> FieldValue:
        words = self.seg.words_in(self.start, self.end) if self.end > self.start else self.seg.words
        box = self.page.box(words) if self.page else None
        conf = confidence if confidence is not None else max(0.05, min(0.99, self.score))
        return FieldValue(
            value=self.value, confidence=conf, source=source, page=self.seg.page, box=box
        )


# -- label -> value --------------------------------------------------------------------


def values_near(doc: Doc, seg: Segment, label_end: int) -> Iterator[tuple[float, Segment, int]]:
    """Texts where a label's value may be: after it, to its right, or below it."""
    yield 1.0, seg, label_end
    line = doc.lines[seg.line]
    for k, right in enumerate(line.segments[seg.index + 1 : seg.index + 3]):
        yield 0.85 - 0.1 * k, right, 0
    h = max(seg.y1 - seg.y0, 1.0)
    for dist in range(1, 4):
        if seg.line + dist >= len(doc.lines):
            break
        below = doc.lines[seg.line + dist]
        if below.page != seg.page or below.y0 - seg.y1 > 4 * h:
            break
        if any(crosses_column(other, seg, h) for other in below.segments):
            break  # running text across the label's column: its value is not below it
        for other in below.segments:
            if other.x0 < seg.x1 + 2 and other.x1 > seg.x0 - 2:
                yield 0.75 - 0.12 * (dist - 1), other, 0


def crosses_column(other: Segment, label: Segment, h: float) -> bool:
    """A text of several words that starts well left of a label and runs into its column
    (an address line, a sentence): the label's column ends there. Its tail ("…, India
    560067") is no value under the label."""
    return (
        other.x0 < label.x0 - 2 * h
        and other.x1 > label.x0 + h
        and len(other.words) >= 3
        and bool(re.search(r"[A-Za-z]{3}", other.text))
    )


def find_labelled(
    doc: Doc,
    pattern: re.Pattern[str],
    parse: Callable[[str, int, Doc], Parsed[V] | None],
    *,
    exclude: re.Pattern[str] | None = None,
    unless: re.Pattern[str] | None = None,
) -> list[Cand[V]]:
    out: list[Cand[V]] = []
    for seg, folded, cut in _label_texts(doc):
        for m in pattern.finditer(folded):
            if cut and not m.start() < cut < m.end():
                continue  # found on the segment alone already, or on the lower part only
            if (
                exclude is not None
                and exclude.search(folded[max(0, m.start() - 25) : m.end() + 12])
                and not (unless is not None and unless.search(m.group(0)))
            ):
                continue
            end = m.end() - cut
            for weight, where, start in values_near(doc, seg, end):
                if where is seg and start != end:
                    continue
                found = parse(where.text, start, doc)
                if found is not None:
                    value, s, e, quality = found
                    after = folded[m.end() : m.end() + 14]
                    if exclude is not None and exclude.search(after):
                        break  # "date de facture associée", "invoice date of delivery"
                    label = folded[: m.end()][-40:]
                    out.append(
                        Cand(value, weight * quality, where, s, e, doc.page_of[where.page], label)
                    )
                    break
    return out


def _label_texts(doc: Doc) -> Iterator[tuple[Segment, str, int]]:
    """(segment, folded label text, cut) for each segment, cut 0; and for a header cell
    the layout wrapped over two lines ("Numéro de" over "facture", "Rechnungs-" over
    "Nr."), the lower segment with both lines' text, cut where the lower one starts."""
    for seg in doc.segments:
        folded = fold(seg.text)
        yield seg, folded, 0
        below = _wrapped_part(doc, seg)
        if below is not None:
            yield below, f"{folded} {fold(below.text)}", len(folded) + 1


def _wrapped_part(doc: Doc, seg: Segment) -> Segment | None:
    """The segment just under a short, figure-free one, in its column, when it is
    itself short and figure-free: the second line of a wrapped header cell. The next
    line in the column may be two lines down, a one-line cell of another column, centred
    on the row, lying between."""
    if len(seg.words) > 3 or re.search(r"\d", seg.text):
        return None
    h = max(seg.y1 - seg.y0, 1.0)
    for below in doc.lines[seg.line + 1 : seg.line + 3]:
        if below.page != seg.page or below.y0 - seg.y1 > 0.8 * h:
            return None
        for other in below.segments:
            if other.x0 < seg.x1 and seg.x0 < other.x1:
                if abs(other.x0 - seg.x0) > h or len(other.words) > 3:
                    return None
                return None if re.search(r"\d", other.text) else other
    return None


def best_of(cands: list[Cand[V]]) -> Cand[V] | None:
    return max(cands, key=lambda c: c.score) if cands else None
