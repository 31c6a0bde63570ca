"""Write the books (or a selection of entries) in the import format: JSON, XLSX, CSV."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from ledger.interchange.schema import ENTRY_HEADER, LINE_FIELDS, SECTIONS
from ledger.models import (
    Account,
    Counterparty,
    Entry,
    EntryLine,
    Journal,
    Period,
    VatCode,
)
from ledger.selectors import open_amounts
from tenancy.models import Dossier


def _s(v: Any) -> Any:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, Decimal):
        return f"{v:.2f}"
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return v


def books_sections(
    dossier: Dossier, entries: Iterable[Entry] | None = None
) -> dict[str, list[dict]]:
    """Every section as rows of plain values (strings, no floats)."""
    out: dict[str, list[dict]] = {}
    accounts = {a.pk: a for a in Account.objects.filter(dossier=dossier)}
    code = lambda pk: accounts[pk].code if pk in accounts else ""  # noqa: E731
    out["accounts"] = [
        {k: _s(getattr(a, k)) for k in SECTIONS["accounts"]} for a in accounts.values()
    ]
    out["journals"] = [
        {
            **{k: _s(getattr(j, k)) for k in SECTIONS["journals"] if k != "account"},
            "account": code(j.account_id),
        }
        for j in Journal.objects.filter(dossier=dossier)
    ]
    vat_codes = {v.pk: v for v in VatCode.objects.filter(dossier=dossier)}
    out["vat_codes"] = [
        {
            **{
                k: _s(getattr(v, k))
                for k in SECTIONS["vat_codes"]
                if k not in ("vat_account", "due_vat_account")
            },
            "vat_account": code(v.vat_account_id),
            "due_vat_account": code(v.due_vat_account_id),
        }
        for v in vat_codes.values()
    ]
    out["periods"] = [
        {
            "fiscal_year": p.fiscal_year.name,
            "number": str(p.number),
            "start": _s(p.start),
            "end": _s(p.end),
            "closed": _s(p.closed),
        }
        for p in Period.objects.filter(dossier=dossier).select_related("fiscal_year")
    ]
    cps = {c.pk: c for c in Counterparty.objects.filter(dossier=dossier)}
    out["counterparties"] = [
        {
            **{
                k: _s(getattr(c, k))
                for k in SECTIONS["counterparties"]
                if k not in ("default_account", "default_vat_code")
            },
            "default_account": code(c.default_account_id),
            "default_vat_code": vat_codes[c.default_vat_code_id].code
            if c.default_vat_code_id
            else "",
        }
        for c in cps.values()
    ]
    out["entries"], out["open_items"] = entry_rows(dossier, entries, accounts, vat_codes, cps)
    return out


def entry_rows(dossier, entries=None, accounts=None, vat_codes=None, cps=None):
    accounts = accounts or {a.pk: a for a in Account.objects.filter(dossier=dossier)}
    vat_codes = vat_codes or {v.pk: v for v in VatCode.objects.filter(dossier=dossier)}
    cps = cps or {c.pk: c for c in Counterparty.objects.filter(dossier=dossier)}
    qs = Entry.objects.filter(dossier=dossier).select_related("journal").order_by("date", "id")
    if entries is not None:
        qs = qs.filter(pk__in=[e.pk for e in entries])
    entry_list = list(qs)
    lines_by_entry: dict[int, list[EntryLine]] = {}
    for line in EntryLine.objects.filter(entry__in=entry_list).order_by("id"):
        lines_by_entry.setdefault(line.entry_id, []).append(line)
    open_ids = [ln.pk for ls in lines_by_entry.values() for ln in ls if ln.is_open_item]
    remaining = open_amounts(open_ids) if open_ids else {}
    rows, items = [], []
    for e in entry_list:
        cp = cps.get(e.counterparty_id)
        head = {
            "journal": e.journal.code,
            "number": e.number,
            "date": _s(e.date),
            "document_date": _s(e.document_date or e.date),
            "description": e.description,
            "currency": e.currency,
            "counterparty_kind": cp.kind if cp else "",
            "counterparty": cp.reference if cp else "",
        }
        for n, ln in enumerate(lines_by_entry.get(e.pk, []), start=1):
            rows.append(
                {
                    **head,
                    "account": accounts[ln.account_id].code,
                    "debit": _s(ln.debit) if ln.debit else "",
                    "credit": _s(ln.credit) if ln.credit else "",
                    "vat_code": vat_codes[ln.vat_code_id].code if ln.vat_code_id else "",
                    "vat_base": _s(ln.vat_base),
                    "amount_currency": _s(ln.amount_currency),
                    "due_date": _s(ln.due_date),
                    "structured_ref": ln.structured_ref,
                    "line_description": ln.description,
                }
            )
            if ln.is_open_item and remaining.get(ln.pk, 0) > 0:
                items.append(
                    {
                        "journal": e.journal.code,
                        "number": e.number,
                        "line": str(n),
                        "open_amount": _s(remaining[ln.pk]),
                    }
                )
    return rows, items


def to_json(sections: dict[str, list[dict]]) -> bytes:
    doc: dict[str, Any] = {"format": "fidu-ledger", "version": 1}
    for name, rows in sections.items():
        if name != "entries":
            doc[name] = rows
            continue
        entries: list[dict] = []
        last = None
        for row in rows:
            key = (row["journal"], row["number"])
            if key != last:
                entries.append({**{k: row[k] for k in ENTRY_HEADER}, "lines": []})
                last = key
            line = {k: row[k] for k in LINE_FIELDS if row.get(k) not in ("", None)}
            if "line_description" in line:
                line["description"] = line.pop("line_description")
            entries[-1]["lines"].append(line)
        doc["entries"] = entries
    return json.dumps(doc, ensure_ascii=False, indent=1).encode()


def to_csv(section: str, rows: list[dict]) -> bytes:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=SECTIONS[section], delimiter=";", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8-sig")


def to_xlsx(sections: dict[str, list[dict]]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    for name, rows in sections.items():
        ws = wb.create_sheet(name)
        cols = SECTIONS[name]
        ws.append(cols)
        for row in rows:
            # Text cells: amounts and codes keep their exact digits (no float in Excel).
            ws.append([str(row.get(c, "")) for c in cols])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
