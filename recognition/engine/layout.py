"""Words to lines and segments (runs of words separated by column-sized gaps)."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from statistics import median

from .types import PageText, Word


@dataclass
class Segment:
    words: list[Word]
    text: str = ""
    starts: list[int] = field(default_factory=list)  # offset of each word in text
    page: int = 1
    line: int = 0  # index of its line on the page
    index: int = 0  # position within its line

    def __post_init__(self) -> None:
        parts, pos = [], 0
        for w in self.words:
            self.starts.append(pos)
            parts.append(w.text)
            pos += len(w.text) + 1
        self.text = " ".join(parts)

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def y0(self) -> float:
        return min(w.y0 for w in self.words)

    @property
    def y1(self) -> float:
        return max(w.y1 for w in self.words)

    def words_in(self, start: int, end: int) -> list[Word]:
        out = [
            w
            for w, s in zip(self.words, self.starts, strict=True)
            if s < end and s + len(w.text) > start
        ]
        return out or self.words


@dataclass
class Line:
    segments: list[Segment]
    page: int
    index: int

    @property
    def text(self) -> str:
        return "   ".join(s.text for s in self.segments)

    @property
    def y0(self) -> float:
        return min(s.y0 for s in self.segments)

    @property
    def y1(self) -> float:
        return max(s.y1 for s in self.segments)


def build_lines(page: PageText) -> list[Line]:
    words = [w for w in page.words if w.text.strip()]
    if not words:
        return []
    heights = [max(w.y1 - w.y0, 1.0) for w in words]
    med_h = median(heights)
    words.sort(key=lambda w: ((w.y0 + w.y1) / 2, w.x0))
    rows: list[list[Word]] = []
    row_mid = None
    for w in words:
        mid = (w.y0 + w.y1) / 2
        if rows and row_mid is not None and abs(mid - row_mid) <= 0.45 * med_h:
            rows[-1].append(w)
            row_mid = (row_mid * (len(rows[-1]) - 1) + mid) / len(rows[-1])
        else:
            rows.append([w])
            row_mid = mid
    _regroup_leading_groups(rows, med_h)
    lines: list[Line] = []
    rows_segs: list[list[list[Word]]] = []
    for row in rows:
        row.sort(key=lambda w: w.x0)
        segs: list[list[Word]] = [[row[0]]]
        for prev, w in itertools.pairwise(row):
            h = max(prev.y1 - prev.y0, w.y1 - w.y0, 1.0)
            if w.x0 - prev.x1 > 1.3 * h:
                segs.append([w])
            else:
                segs[-1].append(w)
        rows_segs.append(segs)
    starts = [[s[0].x0 for s in segs] for segs in rows_segs]
    for n, segs in enumerate(rows_segs):
        # Where cells start on the two lines above and below.
        near = [
            x for m in range(max(0, n - 2), min(len(starts), n + 3)) if m != n for x in starts[m]
        ]
        segs = [part for s in segs for part in _split_at_column(s, near)]
        index = len(lines)
        segments = [
            Segment(words=s, page=page.number, line=index, index=i) for i, s in enumerate(segs)
        ]
        lines.append(Line(segments=segments, page=page.number, index=index))
    return lines


_LEADING_GROUP = re.compile(r"^[-−–]?\d{1,3}$")
_REST_OF_AMOUNT = re.compile(r"^\d{3}(?:[.,\s']\d{3})*[.,]\d{2}\b")


def _regroup_leading_groups(rows: list[list[Word]], med_h: float) -> None:
    """A spaced amount's first group put in the row next to its own ("15" of "15 750,90"
    on the scan of a framed totals cell: the OCR box of "15" a few pixels lower, nearer
    the line of the column beside it): moved into the row of the rest of its amount."""
    for i, row in enumerate(rows):
        for w in list(row):
            if not _LEADING_GROUP.match(w.text):
                continue
            h = max(w.y1 - w.y0, 1.0)
            if any(0 <= o.x0 - w.x1 <= h for o in row if o is not w):
                continue  # something follows it on its own row
            mid = (w.y0 + w.y1) / 2
            for j in (i - 1, i + 1):
                if not 0 <= j < len(rows):
                    continue
                rest = next(
                    (
                        o
                        for o in rows[j]
                        if 0 <= o.x0 - w.x1 <= h
                        and _REST_OF_AMOUNT.match(o.text)
                        and abs((o.y0 + o.y1) / 2 - mid) < 0.8 * med_h
                    ),
                    None,
                )
                if rest is not None:
                    row.remove(w)
                    rows[j].append(w)
                    break
    rows[:] = [r for r in rows if r]


def _split_at_column(words: list[Word], near: list[float]) -> list[list[Word]]:
    """Two columns' cells run together when the left one fills its column ("Janssens
    Partners GmbH & Co. KG" beside "Müller Technik Lager"): the cell is cut where a word
    starts on the x where cells start on the lines just above or below, after a gap far
    wider than the cell's own spaces, or as wide as a letter is high (a header row whose
    cells are all that close: "Rechnungsdatum Fälligkeitsdatum Lieferdatum" over three
    values)."""
    if len(words) < 3 or not near:
        return [words]
    gaps = [b.x0 - a.x1 for a, b in itertools.pairwise(words)]
    space = median(gaps)
    out: list[list[Word]] = [[words[0]]]
    for gap, w in zip(gaps, words[1:], strict=True):
        h = max(w.y1 - w.y0, 1.0)
        wide = gap > max(2 * space, 0.45 * h) or gap > 0.8 * h
        if wide and any(abs(x - w.x0) <= 0.3 * h for x in near):
            out.append([w])
        else:
            out[-1].append(w)
    return out
