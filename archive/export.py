"""Spreadsheets of what a page shows (F5 archive selection, F6 histories): numbers as numbers."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from openpyxl import Workbook

MONEY = "#,##0.00"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table_xlsx(title: str, header: list[str], rows: list[list[Any]], money_cols: set[int]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    ws.append(header)
    for row in rows:
        ws.append(row)
        for i in money_cols:
            ws.cell(row=ws.max_row, column=i + 1).number_format = MONEY
    for i, _ in enumerate(header):
        ws.column_dimensions[chr(ord("A") + i)].width = 18
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
