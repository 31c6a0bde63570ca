"""The office's periodic VAT return: every grid of form 625 for a month or a quarter, and
the entry lines behind each grid (drill-down).

The grids come from the ledger's rules (ledger/belgium/vat_return.py cites the notice:
SPF Finances, "Notice explicative de la déclaration périodique à la TVA"); this module
only chooses the periods and, for the drill-down, keeps the lines feeding one grid.
Grid 91 (VAT actually due on 1-20 December, monthly filers) and the regularisations 61
and 62 are not fed by VAT codes: the office enters them on the return itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from feedback.selectors import VatReturn, vat_return
from ledger.belgium.vat_return import line_boxes
from ledger.models import EntryLine, VatCode
from tenancy.models import Dossier

ZERO = Decimal("0.00")
# The grids the office sees, in the order of the form (frames II to VI, then 91).
OFFICE_GRIDS = (
    ("II", ("00", "01", "02", "03", "44", "45", "46", "47", "48", "49")),
    ("III", ("81", "82", "83", "84", "85", "86", "87", "88")),
    ("IV", ("54", "55", "56", "57", "61", "63")),
    ("V", ("59", "62", "64")),
    ("VI", ("71", "72")),
    ("XX", ("91",)),
)
COMPUTED = frozenset({"71", "72"})
NOT_FROM_CODES = frozenset({"61", "62", "91"})


@dataclass
class GridLine:
    line: EntryLine
    amount: Decimal


def office_return(*, dossier: Dossier, key: str = "") -> VatReturn | None:
    """The client's return with every grid of the office's list, 91 included."""
    ret = vat_return(dossier=dossier, key=key)
    if ret is None:
        return None
    grids = ret.grids
    ret.frames = [
        (frame, [(box, grids.get(box, ZERO)) for box in boxes]) for frame, boxes in OFFICE_GRIDS
    ]
    return ret


def grid_lines(*, dossier: Dossier, ret: VatReturn, box: str) -> list[GridLine]:
    """The posted lines that feed `box` in the return's periods, with the amount each adds."""
    codes = {v.pk: v for v in VatCode.objects.filter(dossier=dossier)}
    lines = (
        EntryLine.objects.filter(
            dossier=dossier,
            vat_code__isnull=False,
            period__start__gte=ret.first.start,
            period__end__lte=ret.last.end,
        )
        .select_related("entry", "entry__journal", "counterparty", "account", "vat_code")
        .order_by("date", "id")
    )
    out = []
    for line in lines:
        code = codes.get(line.vat_code_id) if line.vat_code_id else None
        if code is None:
            continue
        amount = line_boxes(line, code).get(box)
        if amount:
            out.append(GridLine(line, amount))
    return out
