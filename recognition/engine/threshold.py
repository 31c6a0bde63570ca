"""Otsu's threshold: the grey level that best splits ink from paper. The page finder
(ocr.py) and the second readings (reread.py) both cut images with it."""

from __future__ import annotations


def otsu_threshold(histogram: list[int]) -> int:
    """The cut of a 256-bin grey histogram that maximises the between-class variance."""
    total = sum(histogram)
    sum_all = sum(i * n for i, n in enumerate(histogram))
    best, best_var, w0, sum0 = 127, -1.0, 0, 0.0
    for t, n in enumerate(histogram):
        w0 += n
        if w0 == 0 or w0 == total:
            continue
        sum0 += t * n
        m0, m1 = sum0 / w0, (sum_all - sum0) / (total - w0)
        var = w0 * (total - w0) * (m0 - m1) ** 2
        if var > best_var:
            best, best_var = t, var
    return best
