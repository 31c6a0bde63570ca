"""What surrounds a value on the page: the label text before or above it, and the
heading that says whose block (the buyer's or the seller's) it sits in."""

from __future__ import annotations

import re

from . import labels as L
from .document import Doc
from .layout import Segment
from .parse import fold


def label_context(doc: Doc, seg: Segment, start: int) -> str:
    """Folded label text for a value: before it, the segment to its left, the header above."""
    parts = [fold(seg.text[:start])[-30:]]
    line = doc.lines[seg.line]
    if seg.index > 0 and not re.search(r"[a-z]{2}", parts[0]):
        parts.append(fold(line.segments[seg.index - 1].text)[-30:])
    if seg.line > 0:
        above = doc.lines[seg.line - 1]
        if above.page == seg.page:
            parts += [fold(o.text) for o in above.segments if o.x0 < seg.x1 and o.x1 > seg.x0]
    return " | ".join(parts)


def whose_block(doc: Doc, seg: Segment, start: int) -> str | None:
    """'buyer' or 'seller' when a heading says whose block this is, nearest first."""
    own = fold(seg.text[:start])
    if L.BUYER_CONTEXT.search(own):
        return "buyer"
    if L.SELLER_CONTEXT.search(own):
        return "seller"
    line = doc.lines[seg.line]
    width = doc.page_of[seg.page].width
    right_x0 = seg.x0
    for left in reversed(line.segments[: seg.index]):
        # A heading a quarter of the page away, in another column ("Rechnungsempfänger"
        # at the left margin beside the seller's block at the right), is not this one's.
        if right_x0 - left.x1 > 0.25 * width:
            break
        right_x0 = left.x0
        t = fold(left.text)
        if L.BUYER_CONTEXT.search(t):
            return "buyer"
        if L.SELLER_CONTEXT.search(t):
            return "seller"
    # Above: only over the value's own words (a segment can run on into the next
    # column: "Btw-nummer: NL... 1000 Bruxelles" under the customer's heading on the
    # right), and only within its block: a gap of more than two lines' height ends it
    # (a footer with the issuer's details is not in the block of a "Client" far above).
    x0, x1 = _phrase_span(doc, seg, start)
    below = line
    for dist in range(1, 12):
        idx = seg.line - dist
        if idx < 0:
            break
        above = doc.lines[idx]
        if above.page != seg.page:
            break
        height = max(below.y1 - below.y0, 1.0)
        if below.y0 - above.y1 > 2.2 * height:
            break
        below = above
        for other in above.segments:
            if other.x0 < x1 and other.x1 > x0 - 5:
                t = fold(other.text)
                if len(other.words) > 4:
                    # "Client : Dupont & Fils SRL": a heading with its name on one line.
                    head, colon, _rest = t[:25].partition(":")
                    if not colon:
                        continue
                    t = head
                if L.BUYER_CONTEXT.search(t):
                    return "buyer"
                if L.SELLER_CONTEXT.search(t):
                    return "seller"
    return None


def _phrase_span(doc: Doc, seg: Segment, start: int) -> tuple[float, float]:
    """Left and right edges of the value's phrase (its label and itself): from the last
    word before it that starts a column (a segment on the lines just above begins at its
    left edge), else back to a gap wider than a word space. A segment may have begun in
    the column to the left: "Van den Berg Magazijn VAT No.: NL ..." with "Ship to" over
    its first words and "From" over the rest."""
    words = [w for w, pos in zip(seg.words, seg.starts, strict=True) if pos <= start]
    if not words:
        return seg.x0, seg.words[0].x1
    lefts = [
        o.x0
        for line in doc.lines[max(seg.line - 3, 0) : seg.line]
        if line.page == seg.page
        for o in line.segments
    ]
    first = len(words) - 1
    while first > 0:
        w = words[first]
        h = max(w.y1 - w.y0, 1.0)
        if any(abs(w.x0 - x) <= 0.2 * h for x in lefts):
            break
        if w.x0 - words[first - 1].x1 > 1.0 * h:
            break
        first -= 1
    return words[first].x0, max(w.x1 for w in words[first:])
