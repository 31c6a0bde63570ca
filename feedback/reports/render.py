"""One report, two formats: a PDF (WeasyPrint) and an Excel workbook (openpyxl) holding the
same rows; amounts stay numbers in Excel so the client can compute with them."""

from __future__ import annotations

from datetime import date as Date
from decimal import Decimal
from io import BytesIO

from django.template.loader import render_to_string
from django.utils.formats import date_format, number_format
from openpyxl import Workbook
from openpyxl.styles import Font

from feedback.reports.tables import Cell, Report
from tenancy.models import Dossier

MONEY = "#,##0.00"


def _text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, Decimal):
        return number_format(cell, 2, force_grouping=True)
    if isinstance(cell, Date):
        return date_format(cell, "SHORT_DATE_FORMAT")
    return str(cell)


def report_pdf(report: Report, dossier: Dossier) -> bytes:
    from weasyprint import HTML

    tables = [
        {
            "title": t.title,
            "columns": t.columns,
            "rows": [
                {
                    "style": r.style,
                    "cells": [(_text(c), isinstance(c, Decimal)) for c in r.cells],
                }
                for r in t.rows
            ],
        }
        for t in report.tables
    ]
    html = render_to_string(
        "feedback/reports/pdf.html", {"report": report, "dossier": dossier, "tables": tables}
    )
    return HTML(string=html, base_url=None, url_fetcher=_no_fetch).write_pdf()


def _no_fetch(url: str, *args, **kwargs):
    raise ValueError(f"external resource refused: {url}")


def report_xlsx(report: Report, dossier: Dossier) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    for n, table in enumerate(report.tables, start=1):
        name = table.title[:28] or str(n)
        if name in used:
            name = f"{name[:25]} {n}"
        used.add(name)
        ws = wb.create_sheet(_sheet_name(name))
        ws.append([f"{dossier.name} · {report.title}"])
        ws.append([report.subtitle])
        ws.append(table.columns)
        for cell in ws[ws.max_row]:
            cell.font = Font(bold=True)
        for row in table.rows:
            ws.append([float(c) if isinstance(c, Decimal) else c for c in row.cells])
            for cell, value in zip(ws[ws.max_row], row.cells, strict=False):
                if isinstance(value, Decimal):
                    cell.number_format = MONEY
                    # Exact cents: the float is the Decimal's nearest, shown with 2 decimals.
                if row.style == "total":
                    cell.font = Font(bold=True)
        ws.column_dimensions["A"].width = 40
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def _sheet_name(name: str) -> str:
    for ch in "[]:*?/\\":
        name = name.replace(ch, " ")
    return name[:31]
