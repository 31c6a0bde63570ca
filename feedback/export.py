"""The dashboard's figures as an Excel workbook (F4): one sheet per chart, the numbers as
numbers (formatted with two decimals) so the client can compute with them."""

from __future__ import annotations

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook

from feedback.selectors import Dashboard

MONEY = "#,##0.00"
FIGURES = (
    ("turnover", "Turnover"),
    ("operating_income", "Operating income"),
    ("operating_charges", "Operating charges"),
    ("financial_income", "Financial income"),
    ("result_before_tax", "Result before taxes"),
    ("liquidity", "Liquidity"),
    ("receivables", "Receivables"),
    ("payables", "Payables"),
)


def _sheet(wb: Workbook, title: str, header: list[str], rows: list[list]) -> None:
    ws = wb.create_sheet(title[:31])
    ws.append(header)
    for row in rows:
        ws.append(row)
        for cell in ws[ws.max_row][1:]:
            cell.number_format = MONEY
    ws.column_dimensions["A"].width = 40


def dashboard_xlsx(board: Dashboard) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    year = board.year.name if board.year else ""
    prev = board.previous_year.name if board.previous_year else None
    head = ["", year] + ([prev] if prev else [])
    f, p = board.figures, board.previous_figures
    _sheet(
        wb,
        _("Key figures"),
        head,
        [[_(label), f[key]] + ([p[key]] if p else []) for key, label in FIGURES],
    )
    _sheet(
        wb,
        _("Result per quarter"),
        head,
        [
            [_("Quarter %(n)s") % {"n": q.number}, q.result] + ([q.previous] if prev else [])
            for q in board.quarters
        ]
        + [[_("Year"), board.result] + ([board.previous_result] if prev else [])],
    )
    _sheet(
        wb,
        _("Liquidity"),
        [_("Period"), _("Balance at the end of the period")],
        [[period.label, value] for period, value in board.liquidity],
    )
    _sheet(
        wb,
        _("Charges by class"),
        ["", year],
        [[f"{code} {name}", amount] for code, name, amount in board.costs],
    )
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
