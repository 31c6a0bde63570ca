"""Dashed rules ("-----", "=====", dot leaders) turned to paper before OCR.

Invoices printed from accounting programs in a fixed-width font draw their tables with
rows of dashes and equals signs. Tesseract reads each such row as dozens of junk words
("=-222.-22", "ESEL", "ee") and, with four languages loaded, tries every language on each
of them: on a benchmark page of this kind the rows cost 3 of its 5.5 s and gave 80 words
of noise (bench/recognition, corpus scans). A solid rule is removed by `remove_rules`;
broken ones are found here, in numpy only (no image library is loaded for it):

1. ink closed along the rows over a dash's gap, and runs at least 0.4 inch long kept;
2. runs on neighbouring rows grouped into bands (the two bars of "=" are one band);
3. a band is a rule, not a line of small text, when no column of its ink is taller than
   a dash's stroke and the rows just above and below it are paper over most of its
   length; those columns are whitened.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

INK = 160  # grey level under which a pixel is ink, as in remove_rules


def _closed_rows(ink: np.ndarray, gap: int) -> np.ndarray:
    """Ink plus the paper between two inked pixels of the same row at most `gap` apart:
    inked somewhere within `gap` to the left and somewhere within `gap` to the right."""
    left = ink.copy()
    right = ink.copy()
    for d in range(1, gap + 1):
        left[:, d:] |= ink[:, :-d]
        right[:, :-d] |= ink[:, d:]
    return left & right


def _long_runs(mask: np.ndarray, length: int) -> list[tuple[int, int, int]]:
    """(row, first column, last column) of every run of the mask at least `length` long."""
    h, w = mask.shape
    padded = np.zeros((h, w + 2), dtype=np.int8)
    padded[:, 1:-1] = mask
    d = np.diff(padded, axis=1)
    rows_s, starts = np.nonzero(d == 1)
    _, ends = np.nonzero(d == -1)  # same row order as the starts
    keep = ends - starts >= length
    firsts, lasts = starts[keep].tolist(), (ends[keep] - 1).tolist()
    return list(zip(rows_s[keep].tolist(), firsts, lasts, strict=True))


def _bands(runs: list[tuple[int, int, int]], join: int) -> list[list[int]]:
    """Runs grouped when they overlap along the row and lie at most `join` rows apart;
    each band as [top, bottom, left, right]."""
    bands: list[list[int]] = []
    for y, x0, x1 in sorted(runs):
        joined = False
        for b in reversed(bands):
            if y - b[1] > join:
                continue
            if x0 <= b[3] and x1 >= b[2]:
                b[1], b[2], b[3] = y, min(b[2], x0), max(b[3], x1)
                joined = True
                break
        if not joined:
            bands.append([y, y, x0, x1])
    return bands


def tallest_stroke(ink: np.ndarray) -> np.ndarray:
    """Per column, the longest vertical run of ink."""
    run = np.zeros(ink.shape[1], dtype=np.int32)
    best = np.zeros(ink.shape[1], dtype=np.int32)
    for row in ink:
        run = np.where(row, run + 1, 0)
        np.maximum(best, run, out=best)
    return best


def remove_dashed_rules(image: Image.Image, dpi: float) -> Image.Image:
    """The image with its dashed and dotted rules whitened (unchanged when it has none)."""
    a = np.asarray(image.convert("L"))
    ink = a < INK
    gap = max(6, round(dpi / 13))  # between two dots of a 10 pt fixed-width leader, and some
    stroke = max(4, round(dpi / 40))  # a dash's or a dot's height, blur included
    margin = max(3, round(dpi / 50))
    runs = _long_runs(_closed_rows(ink, gap), max(20, round(0.4 * dpi)))
    if not runs:
        return image
    out = None
    h = a.shape[0]
    for top, bottom, x0, x1 in _bands(runs, join=stroke):
        if bottom - top > 2 * stroke + gap:
            continue  # taller than "=": a line of text, whatever else
        box = ink[top - 1 if top else 0 : bottom + 2, x0 : x1 + 1]
        if np.mean(tallest_stroke(box) > stroke) > 0.03:
            continue  # letters' stems
        above = ink[max(top - 1 - margin, 0) : max(top - 1, 0), x0 : x1 + 1].any(axis=0)
        below = ink[min(bottom + 2, h) : min(bottom + 2 + margin, h), x0 : x1 + 1].any(axis=0)
        clear = ~(above | below)
        if clear.mean() < 0.8:
            continue  # the top or bottom edge of a line of text
        if out is None:
            out = a.copy()
        cols = np.nonzero(clear)[0] + x0
        out[max(top - 1, 0) : min(bottom + 2, h), cols] = 255
    return image if out is None else Image.fromarray(out)
