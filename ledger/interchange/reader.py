"""Read CSV, XLSX and JSON into {section: [Row]} with the place of each row for the report."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from ledger.interchange.schema import ENTRY_HEADER, SECTIONS

MAX_BYTES = 20 * 1024 * 1024


@dataclass
class Row:
    where: str
    values: dict[str, Any]


@dataclass
class Parsed:
    sections: dict[str, list[Row]] = field(default_factory=dict)
    errors: list[dict[str, str]] = field(default_factory=list)

    def error(self, where: str, message: str) -> None:
        self.errors.append({"where": where, "message": message})


def detect_format(filename: str, data: bytes) -> str:
    name = filename.lower()
    if name.endswith(".json"):
        return "json"
    if name.endswith(".xlsx") or data[:2] == b"PK":
        return "xlsx"
    return "csv"


def read_file(filename: str, data: bytes, section: str = "") -> tuple[str, Parsed]:
    fmt = detect_format(filename, data)
    parsed = Parsed()
    if len(data) > MAX_BYTES:
        parsed.error(filename, _("The file is larger than 20 MB."))
        return fmt, parsed
    if fmt == "json":
        _read_json(data, parsed)
    elif fmt == "xlsx":
        _read_xlsx(data, parsed)
    else:
        _read_csv(filename, data, parsed, section)
    return fmt, parsed


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip()
    return value


def _decode(data: bytes) -> str:
    for enc in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _guess_section(header: list[str]) -> str:
    cols = set(header)
    best, best_score = "", 0
    for name, columns in SECTIONS.items():
        required = {columns[0], columns[1]}
        if not required <= cols:
            continue
        score = len(cols & set(columns))
        if score > best_score:
            best, best_score = name, score
    return best


def _read_csv(filename: str, data: bytes, parsed: Parsed, section: str) -> None:
    text = _decode(data)
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        parsed.error(f"{filename}", _("The file is empty."))
        return
    section = section or _guess_section(header)
    if section not in SECTIONS:
        parsed.error(f"{filename} line 1", _("Unknown columns: cannot tell what this file holds."))
        return
    unknown = [h for h in header if h and h not in SECTIONS[section]]
    if unknown:
        parsed.error(
            f"{filename} line 1",
            _("Unknown columns: %(cols)s.") % {"cols": ", ".join(unknown)},
        )
        return
    rows = parsed.sections.setdefault(section, [])
    for lineno, raw in enumerate(reader, start=2):
        if not any(c.strip() for c in raw):
            continue
        where = _("%(file)s line %(n)s") % {"file": filename, "n": lineno}
        if len(raw) != len(header):
            parsed.error(
                where,
                _("%(got)s columns instead of %(want)s.") % {"got": len(raw), "want": len(header)},
            )
            continue
        rows.append(Row(where, {h: _clean(v) for h, v in zip(header, raw, strict=True) if h}))


def _read_xlsx(data: bytes, parsed: Parsed) -> None:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on a damaged file
        parsed.error("xlsx", _("This is not a readable Excel file."))
        return
    for ws in wb.worksheets:
        section = ws.title.strip().lower()
        if section not in SECTIONS:
            continue
        it = ws.iter_rows(values_only=True)
        try:
            header = [str(h or "").strip().lower() for h in next(it)]
        except StopIteration:
            continue
        unknown = [h for h in header if h and h not in SECTIONS[section]]
        if unknown:
            parsed.error(
                _("sheet %(s)s row 1") % {"s": section},
                _("Unknown columns: %(cols)s.") % {"cols": ", ".join(unknown)},
            )
            continue
        rows = parsed.sections.setdefault(section, [])
        for n, raw in enumerate(it, start=2):
            if raw is None or all(v in (None, "") for v in raw):
                continue
            values = {h: _xl_value(v) for h, v in zip(header, raw, strict=False) if h}
            rows.append(Row(_("sheet %(s)s row %(n)s") % {"s": section, "n": n}, values))


def _xl_value(v: Any) -> Any:
    import datetime as dt

    if isinstance(v, dt.datetime):
        return v.date().isoformat()
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, float):
        # Excel stores numbers as floats; go through repr so 12.1 stays 12.1, never 12.0999.
        return repr(v)
    if v is None:
        return ""
    return v if not isinstance(v, str) else v.strip()


def _read_json(data: bytes, parsed: Parsed) -> None:
    try:
        doc = json.loads(_decode(data), parse_float=str, parse_int=str)
    except json.JSONDecodeError as exc:
        parsed.error(
            _("JSON line %(n)s") % {"n": exc.lineno}, _("Invalid JSON: %(m)s") % {"m": exc.msg}
        )
        return
    if not isinstance(doc, dict) or doc.get("format") != "fidu-ledger":
        parsed.error("JSON", _('This is not a Fidu ledger file ("format": "fidu-ledger").'))
        return
    for section in SECTIONS:
        items = doc.get(section) or []
        if not isinstance(items, list):
            parsed.error(section, _("must be a list"))
            continue
        rows = parsed.sections.setdefault(section, [])
        for i, item in enumerate(items):
            where = f"{section}[{i}]"
            if not isinstance(item, dict):
                parsed.error(where, _("must be an object"))
                continue
            if section == "entries":
                head = {k: _clean(item.get(k, "")) for k in ENTRY_HEADER}
                lines = item.get("lines") or []
                if not lines:
                    parsed.error(where, _("An entry needs at least two lines."))
                    continue
                for j, line in enumerate(lines):
                    if not isinstance(line, dict):
                        parsed.error(f"{where}.lines[{j}]", _("must be an object"))
                        continue
                    values = dict(head)
                    values.update({k: _clean(v) for k, v in line.items()})
                    if "description" in line:
                        values["line_description"] = _clean(line["description"])
                        values["description"] = head["description"]
                    rows.append(Row(f"{where}.lines[{j}]", values))
            else:
                rows.append(Row(where, {k: _clean(v) for k, v in item.items()}))
