"""Field extraction from words with boxes: labels, patterns, then arithmetic.

Every field is proposed by candidates (a value, where it sits, how it was found); a
candidate's score comes from the label beside or above it and from checks (mod-97,
IBAN checksum, excl + VAT = incl, VAT = rate x base). The best consistent set wins;
a field with no candidate stays None rather than being guessed.
"""

from __future__ import annotations

from .candidates import Cand
from .dates import extract_dates
from .document import build_doc
from .iban import extract_iban
from .identifiers import extract_number, extract_order_reference, extract_payment_reference
from .kind import extract_currency, extract_kind
from .parties import extract_names
from .party_vat import extract_parties
from .ranker import rerank
from .totals import extract_totals
from .types import FieldValue, PageText
from .vat_breakdown import extract_breakdown


def extract_fields(
    pages: list[PageText], *, own_vat: str | None = None
) -> tuple[dict[str, FieldValue], list[dict]]:
    doc = build_doc(pages)
    if not doc.lines:
        return {}, []
    source = "ocr" if any(p.source == "ocr" for p in doc.pages) else "text"
    fields: dict[str, FieldValue] = {}

    def put(name: str, cand: Cand | None) -> None:
        if cand is not None and cand.value is not None:
            fields[name] = cand.field_value(source)

    put("document_type", extract_kind(doc))
    issue, due = extract_dates(doc)
    parties = extract_parties(doc, own_vat)
    names = extract_names(doc, parties)
    # The learned ranker re-ranks the rules' answers where it is enabled (engine/ranker.py).
    picked = rerank(
        doc,
        {
            "invoice_number": extract_number(doc),
            "issue_date": issue,
            "due_date": due,
            "seller_name": names.get("seller"),
            "buyer_name": names.get("buyer"),
        },
        parties,
    )
    number = picked["invoice_number"]
    put("invoice_number", number)
    put("issue_date", picked["issue_date"])
    put("due_date", picked["due_date"])
    put("currency", extract_currency(doc))
    put("seller_vat", parties.get("seller_vat"))
    put("buyer_vat", parties.get("buyer_vat"))
    put("seller_name", picked["seller_name"])
    put("buyer_name", picked["buyer_name"])
    iban, bic = extract_iban(doc)
    put("iban", iban)
    put("bic", bic)
    put("payment_reference", extract_payment_reference(doc, number))
    put("order_reference", extract_order_reference(doc))
    totals = extract_totals(doc)
    put("total_excl_vat", totals.get("excl"))
    put("total_vat", totals.get("vat"))
    put("total_incl_vat", totals.get("incl"))
    put("payable_amount", totals.get("payable"))
    breakdown = extract_breakdown(doc, totals)
    kind = fields.get("document_type")
    incl = fields.get("total_incl_vat")
    if kind is None and incl is not None:
        fields["document_type"] = FieldValue(
            "credit_note" if incl.value < 0 else "invoice", 0.5, source
        )
    return fields, breakdown
