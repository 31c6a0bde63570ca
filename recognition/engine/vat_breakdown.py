"""VAT per rate: lines that print a rate, a base and the VAT it gives."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import cast

from .candidates import Cand
from .document import Doc
from .parse import AMOUNT_RE, amount_from_match
from .totals import ONE_CENT, rate_fit
from .totals_solver import complete_rows


def extract_breakdown(doc: Doc, totals: dict[str, Cand[Decimal]]) -> list[dict]:
    rate_re = re.compile(r"(?<![\d.,])(\d{1,2}(?:[.,]\d{1,2})?)\s?%")
    rows: list[dict] = []
    for line in doc.lines:
        text = line.text
        for rm in rate_re.finditer(text):
            rate = Decimal(rm.group(1).replace(",", "."))
            read = [
                amount_from_match(m)
                for m in AMOUNT_RE.finditer(text)
                if m.start() > rm.end() or m.end() < rm.start()
            ]
            values = [v for v in read if v is not None]
            for base in values:
                for vat in values:
                    if base is vat or base == 0 or abs(vat) >= abs(base):
                        continue
                    if abs((base * rate / 100).quantize(ONE_CENT) - vat) <= ONE_CENT:
                        row = {"rate": rate.normalize(), "base": base, "vat": vat}
                        if row not in rows:
                            rows.append(row)
    # Keep a set whose VAT adds up to the total VAT when we know it.
    vat_total = totals.get("vat")
    total_vat = vat_total.value if vat_total else None
    if rows and total_vat is not None:
        uniq = {(r["rate"], r["base"], r["vat"]): r for r in rows}
        rows = list(uniq.values())
        if sum(r["vat"] for r in rows) != total_vat:
            by_rate: dict[Decimal, dict] = {}
            for r in rows:
                by_rate.setdefault(r["rate"], r)
            rows = list(by_rate.values())
            if sum(r["vat"] for r in rows) != total_vat:
                rows = []
    if not rows and totals.get("rows") and totals.get("excl"):
        # The totals solver's rows (a rate and its VAT, the base printed or not).
        rows = complete_rows(cast(list, totals["rows"]), totals["excl"].value) or []
    if not rows and totals.get("excl") and totals.get("vat"):
        fitted, fit = rate_fit(totals["excl"].value, totals["vat"].value)
        if fitted is not None and fit >= 1.0:
            rows = [
                {
                    "rate": fitted.normalize(),
                    "base": totals["excl"].value,
                    "vat": totals["vat"].value,
                }
            ]
    return rows
