"""The annual customer listing (form 725) and the intra-EU listing (form 723), from the same
grid rules as the return (ledger/belgium/vat_return.py), summed per customer.

- Customer listing: Belgian VAT-registered customers invoiced more than EUR 250 excluding
  VAT in the calendar year (BELGIUM.md; Code TVA art. 53quinquies): the turnover is what
  grids 00-03 and 45 received, less credit notes (49); the VAT is 54 less 64.
- Intra-EU listing: per customer VAT number and code, for the return's month or quarter
  (same period): L = exempt intra-EU supplies of goods (grid 46), S = services to EU
  customers who self-assess (grid 44); credit notes (48) reduce them. Triangular
  operations (T) have no VAT code of their own in the books and are not listed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date as Date
from decimal import Decimal

from ledger.belgium.vat_return import line_boxes
from ledger.models import Counterparty, EntryLine, VatCode
from tenancy.models import Dossier

ZERO = Decimal("0.00")
THRESHOLD = Decimal("250.00")
TURNOVER = {"00": 1, "01": 1, "02": 1, "03": 1, "45": 1, "49": -1}
VAT = {"54": 1, "64": -1}


@dataclass
class ListingRow:
    counterparty: Counterparty | None
    vat_number: str
    code: str  # "" for the customer listing, L or S for the intra-EU listing
    amount: Decimal
    vat: Decimal = ZERO


def _sales_lines(dossier: Dossier, start: Date, end: Date):
    codes = {v.pk: v for v in VatCode.objects.filter(dossier=dossier, direction="sale")}
    lines = (
        EntryLine.objects.filter(
            dossier=dossier, vat_code_id__in=list(codes), date__gte=start, date__lte=end
        )
        .select_related("entry__counterparty")
        .only("account_id", "vat_code_id", "debit", "credit", "vat_base", "entry__counterparty")
    )
    for line in lines:
        code = codes[line.vat_code_id or 0]
        yield line, line_boxes(line, code), code


def customer_listing(*, dossier: Dossier, year: int) -> list[ListingRow]:
    rows: dict[int, ListingRow] = {}
    for line, boxes, _code in _sales_lines(dossier, Date(year, 1, 1), Date(year, 12, 31)):
        cp = line.entry.counterparty
        if cp is None or not cp.vat_number or cp.country != "BE":
            continue
        row = rows.setdefault(cp.pk, ListingRow(cp, cp.vat_number, "", ZERO))
        for box, amount in boxes.items():
            row.amount += TURNOVER.get(box, 0) * amount
            row.vat += VAT.get(box, 0) * amount
    return sorted((r for r in rows.values() if r.amount > THRESHOLD), key=lambda r: r.vat_number)


def intra_eu_listing(*, dossier: Dossier, start: Date, end: Date) -> list[ListingRow]:
    rows: dict[tuple[int, str], ListingRow] = {}
    for line, boxes, vat_code in _sales_lines(dossier, start, end):
        cp = line.entry.counterparty
        if cp is None:
            continue
        for box, amount in boxes.items():
            code = {"46": "L", "44": "S", "48": ""}.get(box)
            if code is None:
                continue
            if box == "48":
                # A credit note on 44/46: its kind follows the VAT code (goods or services).
                code = "S" if vat_code.kind == "services" else "L"
                amount = -amount
            key = (cp.pk, code)
            row = rows.setdefault(key, ListingRow(cp, cp.vat_number, code, ZERO))
            row.amount += amount
    return sorted((r for r in rows.values() if r.amount), key=lambda r: (r.vat_number, r.code))
