"""Time per step of the scan path, per page and per document, for run.py, generated.py and
noise.py (issue 19: "the time per step printed by bench/recognition").

`recognize(data)` is recognize_bytes with the CPU seconds of this process and its children
(Tesseract, the sandboxed OCR children) added to the result's timings as "cpu": on a
machine other work keeps busy, wall seconds grow with the load while CPU seconds do not,
so both are printed, with the load average before and after.
"""

from __future__ import annotations

import os
import resource
import statistics
import time

from recognition.engine.pipeline import recognize_bytes

STEPS = [
    ("render", "render the page images (once)"),
    ("ocr", "OCR, wall (pages in parallel)"),
    ("ocr.clean", "  clean the image (summed over pages)"),
    ("ocr.clean.sheet", "    sheet found, light evened, contrast, enlarged"),
    ("ocr.clean.despeckle", "    speckle measured (and removed)"),
    ("ocr.clean.deskew", "    skew measured, page turned straight"),
    ("ocr.clean.rules", "    table rules removed"),
    ("ocr.clean.dashes", "    dashed rules removed"),
    ("ocr.tesseract", "  Tesseract, page"),
    ("ocr.reread", "  second readings of failing values"),
    ("extract", "fields, lines, addresses"),
    ("amounts", "second engine on doubtful amounts (totals fail)"),
    ("wall", "whole document, wall"),
    ("cpu", "whole document, CPU (this process + children)"),
]


def _cpu() -> float:
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + kids.ru_utime + kids.ru_stime


def recognize(data: bytes, **kwargs):
    c0, t0 = _cpu(), time.perf_counter()
    result = recognize_bytes(data, **kwargs)
    result.timings["wall"] = time.perf_counter() - t0
    result.timings["cpu"] = _cpu() - c0
    return result


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.1f} {five:.1f} {fifteen:.1f} on {os.cpu_count()} cores"


def _p(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, round(q * (len(s) - 1)))]


def report(rows: list[dict], label: str, load_before: str) -> None:
    """rows: dicts with "timings" (a result's) and "pages" (pages read)."""
    rows = [r for r in rows if r.get("timings")]
    if not rows:
        return
    print(f"\n=== time per step, {label}: {len(rows)} documents")
    print(f"  load average before {load_before}, after {load()}")
    print(
        f"  {'step':48s} {'per page p50':>12s} {'p95':>7s}  {'per document p50':>16s} {'p95':>7s}"
    )
    for key, name in STEPS:
        doc = [r["timings"].get(key, 0.0) for r in rows]
        if not any(doc):
            continue
        page = [d / max(1, min(r["pages"], 4)) for d, r in zip(doc, rows, strict=True)]
        print(
            f"  {name:48s} {statistics.median(page):11.2f}s {_p(page, 0.95):6.2f}s  "
            f"{statistics.median(doc):15.2f}s {_p(doc, 0.95):6.2f}s"
        )
    counts: dict[str, float] = {}
    for r in rows:
        for k, v in r["timings"].items():
            if k.startswith("n:"):
                counts[k[2:]] = counts.get(k[2:], 0) + v
    if counts:
        print("  second readings (value kind: tried, then kept per reader):")
        for k in sorted(counts):
            print(f"    {k:40s} {int(counts[k])}")
