"""The boxes of the periodic VAT return (form 625) that posted lines feed.

Box definitions: SPF Finances / FOD Financiën, "Notice explicative de la déclaration
périodique à la TVA / Handleiding periodieke btw-aangifte" and the Intervat help
("Cadre II - Opérations à la sortie", "Cadre III - Opérations à l'entrée", "Cadre IV -
Taxes dues", "Cadre V - Taxes déductibles", "Cadre VI - Solde",
eservices.minfin.fgov.be/intervat/static/help/FR/):
- 00 operations under a special regulation (0 % rate: periodicals, ...);
  01/02/03 base of operations at 6/12/21 % for which the declarant owes the VAT;
  44 services to EU customers who self-assess; 45 operations where the Belgian
  co-contractor owes the VAT; 46 exempt intra-EU supplies of goods; 47 other exempt
  operations and exports; 48 credit notes issued on 44/46; 49 other credit notes issued.
- 81 trade goods, raw and auxiliary materials; 82 services and miscellaneous goods;
  83 investment goods (81-83 take every incoming operation, intra-EU and reverse
  charge included); 84 credit notes received on 86/88; 85 other credit notes
  received; 86 intra-EU acquisitions of goods; 87 other incoming operations for which
  the declarant owes the VAT (services from outside the EU, art. 51 §2 1°; the
  Belgian co-contractor; imports with deferral); 88 intra-EU services (art. 21 §2).
- VAT due: 54 on 01/02/03; 55 on 86 and 88; 56 on 87 except imports with deferral;
  57 on imports with deferral; 61 other regularisations in favour of the State;
  63 VAT to pay back on credit notes received.
- VAT deductible: 59 deductible VAT; 62 other regularisations in favour of the
  declarant; 64 VAT to recover on credit notes issued (and the self-assessed VAT a
  credit note received on a reverse-charge purchase gives back).
- Balance: 71 due to the State = (54+55+56+57+61+63) - (59+62+64) when positive,
  72 due by the State otherwise.
No VAT code feeds 61 and 62: they are corrections the office enters on the return.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

ZERO = Decimal("0")
DUE_BOXES = ("54", "55", "56", "57", "61", "63")
DEDUCTIBLE_BOXES = ("59", "62", "64")
# A credit note received on a reverse-charge purchase gives back the self-assessed VAT
# (box 64) as it takes back the deduction (box 63).
REVERSE_CHARGE_CREDIT_NOTE_DUE_BOX = "64"


def _boxes(value: str) -> list[str]:
    return [b.strip() for b in (value or "").split(",") if b.strip()]


def line_boxes(line: Any, code: Any) -> dict[str, Decimal]:
    """The boxes one posted line feeds, with its VAT code's rules.

    A base line carries `vat_base`; a VAT line is a line of the code on its VAT account
    (411 for purchases, 451 for sales) or, under reverse charge, on its due account.
    The side tells an invoice from a credit note: purchases are debits, sales credits.
    """
    purchase = code.direction == "purchase"
    debit = line.debit > 0
    normal = debit if purchase else not debit
    out: dict[str, Decimal] = defaultdict(lambda: ZERO)
    if line.vat_base is not None:
        amount = abs(line.vat_base)
        for box in _boxes(code.base_grids) if normal else _boxes(code.credit_note_base_grid):
            out[box] += amount
        return dict(out)
    amount = line.debit + line.credit
    if code.vat_account_id and line.account_id == code.vat_account_id:
        box = code.vat_grid if normal else code.credit_note_vat_grid
        if box:
            out[box] += amount
    elif code.reverse_charge and line.account_id == code.due_vat_account_id:
        # The due line sits on the side opposite the base: a credit for a purchase.
        invoice = not debit
        box = code.due_vat_grid if invoice else REVERSE_CHARGE_CREDIT_NOTE_DUE_BOX
        if box:
            out[box] += amount
    return dict(out)


def boxes_of_lines(lines: Iterable[Any], codes: Mapping[int, Any]) -> dict[str, Decimal]:
    total: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for line in lines:
        code = codes.get(line.vat_code_id) if line.vat_code_id else None
        if code is None:
            continue
        for box, amount in line_boxes(line, code).items():
            total[box] += amount
    return dict(total)


def with_balance(boxes: Mapping[str, Decimal]) -> dict[str, Decimal]:
    """Boxes 71 / 72 (Cadre VI): the sum of IV minus the sum of V, on its side."""
    due = sum((boxes.get(b, ZERO) for b in DUE_BOXES), ZERO)
    deductible = sum((boxes.get(b, ZERO) for b in DEDUCTIBLE_BOXES), ZERO)
    out = dict(boxes)
    if due - deductible >= 0:
        out["71"] = due - deductible
    else:
        out["72"] = deductible - due
    return out
