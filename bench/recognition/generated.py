"""Recognition on invoices the project generates (bench/recognition/synth.py): many
layouts, four languages, varied labels, fonts, number and date formats, parties with
valid VAT numbers and IBANs. The rules were never tuned on these documents, so the gap
between this table and run.py's says how much the rules fit ../shared/corpus only.

Run: .venv/bin/python bench/recognition/generated.py [--n 48] [--scans 16] [--start 1000] [-v]
     (text PDFs: the first --n seeds from --start; scans: the first --scans of them,
     rasterised as run.py does: 200 dpi grey, skew, speckle)
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run as bench
import synth
import timing

from recognition.engine.output import to_record


def run_set(docs, transform, label: str, verbose: bool):
    rows = []
    for seed, s, pdf in docs:
        data = transform(pdf, seed)
        t0 = time.perf_counter()
        result = timing.recognize(data)
        seconds = time.perf_counter() - t0
        rec = bench.flat(to_record(result, f"{seed}.pdf"))
        rows.append(
            {
                "file": f"synth-{seed}",
                "truth": s.truth,
                "got": rec,
                "seconds": seconds,
                "pages": max(1, result.pages),
                "status": result.status,
                "lang": s.lang,
                "layout": s.layout,
                "timings": result.timings,
            }
        )
        if verbose:
            fields = bench.CORE_FIELDS + bench.NAME_FIELDS
            bad = [f for f in fields if f in s.truth and not bench.same(f, s.truth[f], rec)]
            print(
                f"  {label} {seed} {s.lang} {s.layout:9s} {seconds:.2f}s miss: "
                + ", ".join(f"{f}={rec.get(f)!r}/{s.truth[f]!r}" for f in bad)
            )
    return rows


def by_group(rows, key: str) -> None:
    groups = sorted({r[key] for r in rows})
    for g in groups:
        sub = [r for r in rows if r[key] == g]
        _per, ok, n = bench.score(sub, bench.CORE_FIELDS)
        print(f"    {key} {g:10s} {bench.pct(ok, n)}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=48)
    ap.add_argument("--scans", type=int, default=16)
    ap.add_argument("--start", type=int, default=1000)
    ap.add_argument("--only", help="comma-separated seeds (to look at single invoices)")
    ap.add_argument(
        "--noise",
        help="scan the invoices under one of noise.py's models (e.g. harsh) instead of run.py's",
    )
    ap.add_argument("--no-text", action="store_true", help="scans only")
    ap.add_argument("-v", action="store_true")
    ap.add_argument(
        "--hard",
        action="store_true",
        help="harder totals layouts: several rates with a per-rate table, deposits, "
        "discounts, labels far left of their amounts, spaced amounts, credit notes",
    )
    ap.add_argument(
        "--variety",
        action="store_true",
        help="more party and header layouts (synth.make(variety=True)): letterheads, "
        "headings over the seller, return lines, delivery addresses, customer and order "
        "numbers, private buyers",
    )
    args = ap.parse_args()
    t0 = time.perf_counter()
    docs = []
    seeds = (
        [int(x) for x in args.only.split(",")]
        if args.only
        else range(args.start, args.start + args.n)
    )
    for seed in seeds:
        s = synth.make(seed, hard=args.hard, variety=args.variety)
        docs.append((seed, s, synth.render(s)))
    print(f"generated {len(docs)} invoices in {time.perf_counter() - t0:.1f} s")
    if not args.no_text:
        rows = run_set(docs, lambda pdf, seed: pdf, "text", args.v)
        bench.report("generated text PDFs", rows)
        by_group(rows, "lang")
        by_group(rows, "layout")
    if args.scans:
        load_before = timing.load()
        if args.noise:
            import noise

            def scan(pdf: bytes, seed: int) -> bytes:
                return noise.capture(pdf, seed, args.noise)
        else:
            scan = bench.rasterise
        scans = run_set(docs[: args.scans], scan, "scan", args.v)
        bench.report(f"generated scans ({args.noise or '200 dpi, skew, noise'})", scans)
        timing.report(scans, "generated scans", load_before)
        per_page = sorted(r["seconds"] / r["pages"] for r in scans)
        print(
            f"  seconds/page         p50 {statistics.median(per_page):.2f} s, "
            f"p95 {per_page[int(0.95 * (len(per_page) - 1))]:.2f} s"
        )


if __name__ == "__main__":
    main()
