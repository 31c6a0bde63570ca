"""The one-line JSON record of `manage.py recognize --json` (and the benchmark)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from .types import RecognitionResult


def _s(v: object) -> str | None:
    if v is None:
        return None
    if isinstance(v, Decimal):
        return format(v, "f")
    if isinstance(v, dt.date):
        return v.isoformat()
    return str(v)


LINE_KEYS = ("description", "quantity", "unit_price", "net_amount", "vat_rate")


def _line(ln: dict) -> dict:
    out = {k: _s(ln.get(k)) for k in LINE_KEYS}
    # XML lines are read exactly; lines read from the page carry their own confidence.
    out["confidence"] = ln.get("confidence", 1.0)
    return out


def to_record(result: RecognitionResult, file: str) -> dict:
    v = result.value
    conf = {k: round(f.confidence, 3) for k, f in result.fields.items()}
    sources = {k: f.source for k, f in result.fields.items()}
    return {
        "file": file,
        "status": result.status,
        "reason": result.reason or None,
        "source": result.source,
        "document_type": v("document_type"),
        "direction": v("direction"),
        "invoice_number": _s(v("invoice_number")),
        "issue_date": _s(v("issue_date")),
        "due_date": _s(v("due_date")),
        "currency": _s(v("currency")),
        "seller": {
            "name": _s(v("seller_name")),
            "vat": _s(v("seller_vat")),
            "tax_registration": _s(v("seller_tax_registration")),
            "address": _s(v("seller_address")),
        },
        "buyer": {
            "name": _s(v("buyer_name")),
            "vat": _s(v("buyer_vat")),
            "address": _s(v("buyer_address")),
        },
        "iban": _s(v("iban")),
        "bic": _s(v("bic")),
        "payment_reference": _s(v("payment_reference")),
        "order_reference": _s(v("order_reference")),
        "total_excl_vat": _s(v("total_excl_vat")),
        "total_vat": _s(v("total_vat")),
        "total_incl_vat": _s(v("total_incl_vat")),
        "payable_amount": _s(v("payable_amount")),
        "vat_breakdown": [
            {"rate": _s(r.get("rate")), "base": _s(r.get("base")), "vat": _s(r.get("vat"))}
            for r in result.vat_breakdown
        ],
        "lines": [_line(ln) for ln in result.lines],
        "validation": (
            {
                "valid": result.validation["valid"],
                "failed_rules": [r for s in result.validation["results"] for r in s["fatal"]],
                "not_checked": [
                    s["name"] for s in result.validation["results"] if not s["checked"]
                ],
            }
            if result.validation
            else None
        ),
        "confidence": conf,
        "field_source": sources,
        "pages": result.pages,
        "ocr_pages": result.ocr_pages,
        "seconds": round(result.seconds, 3),
    }
