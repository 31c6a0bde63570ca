"""Line items and postal addresses from text PDFs and scans, against third-party truth.

Truth: the Factur-X / ZUGFeRD PDFs' embedded XML, read through Fidu's own e-invoice
reader (line items, seller and buyer postcode + city), recognised with the XML stripped;
invoice2data's PDFs whose *.expected.json list `lines` (and the issuer's zip + city).
Paths: text (the PDF's own words) and scan (run.py's 200 dpi rasterisation).

Run: .venv/bin/python bench/recognition/lines.py [--paths text,scan] [-v]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import zlib
from collections import Counter
from decimal import Decimal, InvalidOperation
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import CORPUS, facturx_truth, rasterise, strip_xml

from einvoice.reader import read_einvoice
from recognition.engine.parse import fold
from recognition.engine.pipeline import recognize_bytes


def _dec(v) -> Decimal | None:
    if v is None or v == "":
        return None
    try:
        return abs(Decimal(str(v))).quantize(Decimal("0.01"))
    except InvalidOperation:
        return None


def _place(postcode, city) -> str | None:
    if not postcode or not city:
        return None
    return re.sub(r"[^0-9a-z]", "", fold(f"{postcode}{city}"))


def _net(ln) -> Decimal | None:
    if ln.net_amount is not None:
        return _dec(ln.net_amount)
    if ln.quantity is not None and ln.unit_price is not None:
        return _dec(ln.quantity * ln.unit_price)  # readers that miss a line's own total
    return None


def facturx_items():
    for path, _t in facturx_truth():
        read = read_einvoice(path.read_bytes(), with_report=False)
        if read is None:
            continue
        inv = read.invoice
        yield (
            path,
            {
                "lines": [_net(ln) for ln in inv.lines],
                "seller": _place(inv.seller.postcode, inv.seller.city),
                "buyer": _place(inv.buyer.postcode, inv.buyer.city),
            },
        )


def invoice2data_items():
    for exp in sorted((CORPUS / "4_pdf_invoices/invoice2data").glob("*.expected.json")):
        pdf = exp.with_name(exp.name.replace(".expected.json", ".pdf"))
        t = json.loads(exp.read_text())[0]
        if not pdf.exists() or "lines" not in t:
            continue
        lines = []
        for ln in t["lines"]:
            if not (ln.get("name") or ln.get("desc")):
                continue  # a note under the line above, not a line
            net = ln.get("price_subtotal", ln.get("price", ln.get("price_unit")))
            lines.append(_dec(net))
        yield (
            pdf,
            {
                "lines": lines,
                "seller": _place(t.get("partner_zip"), t.get("partner_city")),
                "buyer": None,
            },
        )


def _address_place(value) -> str:
    return re.sub(r"[^0-9a-z]", "", fold(str(value or "")))


def measure(items, transform, label, verbose):
    docs = count_ok = 0
    truth_lines = net_ok = out_lines = wrong_docs = unjudged = 0
    addr = addr_ok = addr_wrong = 0
    for path, truth in items:
        data = transform(path.read_bytes(), path)
        result = recognize_bytes(data, with_report=False)
        got = [_dec(ln.get("net_amount")) for ln in result.lines]
        if not truth["lines"]:
            got = []  # an XML profile without lines (BASIC WL): nothing to judge against
        docs += bool(truth["lines"])
        count_ok += bool(truth["lines"]) and len(got) == len(truth["lines"])
        wrong_docs += bool(got) and len(got) != len(truth["lines"])
        truth_lines += len(truth["lines"])
        out_lines += len(got)
        left = Counter(got)
        for net in truth["lines"]:
            if net is None:
                unjudged += 1  # the XML reader gave no amount for this line
                continue
            if left[net] > 0:
                left[net] -= 1
                net_ok += 1
        misses = []
        for role in ("seller", "buyer"):
            want = truth[role]
            if not want:
                continue
            addr += 1
            have = _address_place(result.value(f"{role}_address"))
            if want in have:
                addr_ok += 1
            else:
                addr_wrong += bool(have)
                misses.append(f"{role}={result.value(f'{role}_address')!r}/{want}")
        if verbose:
            print(
                f"  {label} {path.name[:42]:42s} lines {len(got)}/{len(truth['lines'])}"
                f" nets {[str(g) for g in got]} truth {[str(n) for n in truth['lines']]}"
                + (" addr miss: " + ", ".join(misses) if misses else "")
            )
    pct = lambda a, b: f"{100 * a / b:5.1f}% ({a}/{b})" if b else "n/a"  # noqa: E731
    print(f"\n=== {label}: {docs} documents with line items in their truth")
    print(f"  documents, line count matches     {pct(count_ok, docs)}")
    print(f"  documents with a wrong line count {pct(wrong_docs, docs)} (lines given, count off)")
    print(f"  truth lines, net amount found     {pct(net_ok, truth_lines - unjudged)}")
    print(f"  truth lines without an amount     {unjudged} (not judged)")
    print(f"  lines given                       {out_lines}")
    print(f"  addresses, postcode + city match  {pct(addr_ok, addr)}")
    print(f"  addresses given but wrong         {pct(addr_wrong, addr)}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--paths", default="text,scan")
    ap.add_argument("-v", action="store_true")
    args = ap.parse_args()
    items = list(facturx_items()) + list(invoice2data_items())
    if "text" in args.paths:
        measure(items, lambda d, p: strip_xml(d) if p.suffix == ".pdf" else d, "text", args.v)
    if "scan" in args.paths:
        measure(
            items,
            lambda d, p: rasterise(strip_xml(d), zlib.crc32(p.name.encode()) & 0xFFFF),
            "scan",
            args.v,
        )


if __name__ == "__main__":
    main()
