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
    x0, x1 = _phrase_span(doc, seg, start)
    in_block_above = _next_to(doc, seg, x0, x1, -1)
    for left in reversed(line.segments[: seg.index]):
        # A heading a quarter of the page away, in another column ("Rechnungsempfänger"
        # at the left margin beside the seller's block at the right), is not this one's.
        if right_x0 - left.x1 > 0.25 * width:
            break
        right_x0 = left.x0
        if in_block_above and _heads_a_column(doc, left):
            # "Afleveradres" heading the column to the left, on the line where the
            # seller's block on the right goes on with "Btw-nummer: BE …".
            continue
        t = fold(left.text)
        if L.BUYER_CONTEXT.search(t):
            return "buyer"
        if L.SELLER_CONTEXT.search(t):
            return "seller"
        if not _label_like(t):
            # Another column's content ("Claes & Fils Depot") between the value and a
            # heading further left ("Facturé à"): that heading is another block's.
            break
    # Above: only over the value's own words (a segment can run on into the next
    # column: "Btw-nummer: NL... 1000 Bruxelles" under the customer's heading on the
    # right), and only within its block: a gap of more than two lines' height ends it
    # (a footer with the issuer's details is not in the block of a "Client" far above).
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


_LABEL_WORDS = re.compile(r"\b(?:no|nr|n°|number|nummer|numero|id|ident)\b\.?")


def _label_like(text: str) -> bool:
    """A label cell ("N° TVA", "USt-IdNr.:", "Nr.") rather than a cell of content."""
    t = text.strip()
    return (
        len(t) <= 3
        or t.endswith(":")
        or bool(L.VAT_LABEL.search(t))
        or bool(_LABEL_WORDS.search(t))
    )


def _next_to(doc: Doc, seg: Segment, x0: float, x1: float, step: int) -> bool:
    """Print on the line just above (step -1) or below (+1) between x0 and x1, a line's
    height away at most: the same block goes on there."""
    idx = seg.line + step
    if not 0 <= idx < len(doc.lines) or doc.lines[idx].page != seg.page:
        return False
    other = doc.lines[idx]
    h = max(seg.y1 - seg.y0, 1.0)
    gap = seg.y0 - other.y1 if step < 0 else other.y0 - seg.y1
    return gap <= 1.2 * h and any(o.x0 < x1 and o.x1 > x0 for o in other.segments)


def _heads_a_column(doc: Doc, seg: Segment) -> bool:
    """A heading at the top of a block of its own: nothing just above it in its column,
    a line just below starting where it starts."""
    h = max(seg.y1 - seg.y0, 1.0)
    if _next_to(doc, seg, seg.x0, seg.x1, -1):
        return False
    idx = seg.line + 1
    if idx >= len(doc.lines) or doc.lines[idx].page != seg.page:
        return False
    below = doc.lines[idx]
    return below.y0 - seg.y1 <= 1.2 * h and any(abs(o.x0 - seg.x0) <= h for o in below.segments)


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
