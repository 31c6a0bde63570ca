"""Export to WinBooks' documented ASCII import format (ACT.txt entries, CSF.txt customers
and suppliers), as described in WinBooks' "Import of external data in WinBooks", annex 2
"WinBooks files structure", and help.winbooks.be "Import data from CSV files"
(WinBooks on Web): comma-separated, one ACT row per entry line.

ACT fields used: DOCTYPE (1 customer line, 2 supplier line, 3 general-ledger line,
4 VAT-0 base line), DBKCODE (journal code), DBKTYPE (0 purchase invoices, 1 purchase
credit notes, 2 sales invoices, 3 sales credit notes, 4 financial statements, 5 misc),
DOCNUMBER, DOCORDER (line order), ACCOUNTGL, ACCOUNTRP (customer/supplier reference),
BOOKYEAR, PERIOD (two digits), DATE and DATEDOC and DUEDATE (YYYYMMDD), COMMENT,
AMOUNTEUR (signed, debit positive), VATBASE, VATCODE, CURRAMOUNT, CURRCODE.
CSF fields used: NUMBER, TYPE (1 customer, 2 supplier), NAME1, ADRESS1, ZIPCODE, CITY,
COUNTRY, VATCAT (1 liable), VATNUMBER (without the country prefix; Belgian numbers as
0999.999.999), LANG, BNKACCNT,
CENTRAL (collective account), VATCODE.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable

from ledger.belgium.vat_choice import supplier_country
from ledger.models import Counterparty, Entry, JournalKind

ACT_FIELDS = [
    "DOCTYPE",
    "DBKCODE",
    "DBKTYPE",
    "DOCNUMBER",
    "DOCORDER",
    "OPCODE",
    "ACCOUNTGL",
    "ACCOUNTRP",
    "BOOKYEAR",
    "PERIOD",
    "DATE",
    "DATEDOC",
    "DUEDATE",
    "COMMENT",
    "COMMENTEXT",
    "AMOUNT",
    "AMOUNTEUR",
    "VATBASE",
    "VATCODE",
    "CURRAMOUNT",
    "CURRCODE",
    "CUREURBASE",
    "VATTAX",
    "VATIMPUT",
    "CURRATE",
    "REMINDLEV",
    "MATCHNO",
    "OLDDATE",
    "ISMATCHED",
    "ISLOCKED",
    "ISIMPORTED",
    "ISPOSITIVE",
    "ISTEMP",
    "MEMOTYPE",
    "ISDOC",
    "DOCSTATUS",
]
CSF_FIELDS = [
    "NUMBER",
    "TYPE",
    "NAME1",
    "NAME2",
    "CIVNAME1",
    "CIVNAME2",
    "ADRESS1",
    "ADRESS2",
    "VATCAT",
    "COUNTRY",
    "VATNUMBER",
    "PAYCODE",
    "TELNUMBER",
    "FAXNUMBER",
    "BNKACCNT",
    "ZIPCODE",
    "CITY",
    "DEFLTPOST",
    "LANG",
    "CATEGORY",
    "CENTRAL",
    "VATCODE",
    "CURRENCY",
    "LASTREMLEV",
    "LASTREMDAT",
    "TOTDEB1",
    "TOTCRE1",
    "TOTDEBTMP1",
    "TOTCRETMP1",
    "TOTDEB2",
    "TOTCRE2",
    "TOTDEBTMP2",
    "TOTCRETMP2",
    "ISLOCKED",
    "MEMOTYPE",
    "ISDOC",
    "F28150",
]


def _dbktype(entry: Entry, total_vs_open) -> int:
    kind = entry.journal.kind
    credit_note = entry.journal.credit_note_only or total_vs_open
    if kind == JournalKind.PURCHASES:
        return 1 if credit_note else 0
    if kind == JournalKind.SALES:
        return 3 if credit_note else 2
    if kind == JournalKind.FINANCIAL:
        return 4
    return 5


def _vat_number(vat: str) -> str:
    """The number without its country prefix (COUNTRY carries the country); Belgian
    numbers in WinBooks' 0999.999.999 layout."""
    vat = re.sub(r"[^0-9A-Z]", "", vat.upper())
    if vat.startswith("BE") and len(vat) == 12:
        d = vat[2:]
        return f"{d[:4]}.{d[4:7]}.{d[7:]}"
    return vat[2:] if vat[:2].isalpha() else vat


def _country(c: Counterparty) -> str:
    """A counterparty's own country: its VAT number's prefix when it has one (the
    country field defaults to BE, so a Dutch supplier created from an invoice may still
    say BE), else its address country."""
    return supplier_country(c.vat_number, "", c.country) or "BE"


def _docnumber(number: str) -> str:
    """WinBooks document numbers are numeric (8 positions): the sequence part of ours."""
    groups = re.findall(r"\d+", number)
    return groups[-1][-8:] if groups else number[:8]


def act_rows(entries: Iterable[Entry]) -> list[dict]:
    rows = []
    for e in entries:
        lines = list(e.lines.select_related("account", "counterparty", "vat_code").order_by("id"))
        rp_lines = [ln for ln in lines if ln.is_open_item]
        # A sales entry whose customer line is a credit is a credit note (and vice versa).
        reversed_sign = bool(rp_lines) and (
            (e.journal.kind == JournalKind.SALES and rp_lines[0].credit > 0)
            or (e.journal.kind == JournalKind.PURCHASES and rp_lines[0].debit > 0)
        )
        for order, ln in enumerate(lines, start=1):
            doctype = (1 if ln.counterparty.kind == "customer" else 2) if ln.is_open_item else 3
            rows.append(
                {
                    "DOCTYPE": doctype,
                    "DBKCODE": e.journal.code,
                    "DBKTYPE": _dbktype(e, reversed_sign),
                    "DOCNUMBER": _docnumber(e.number),
                    "DOCORDER": f"{order:03d}",
                    "ACCOUNTGL": ln.account.code,
                    "ACCOUNTRP": ln.counterparty.reference if ln.counterparty else "",
                    "BOOKYEAR": e.period.fiscal_year.name[-4:],
                    "PERIOD": f"{e.period.number:02d}",
                    "DATE": e.date.strftime("%Y%m%d"),
                    "DATEDOC": (e.document_date or e.date).strftime("%Y%m%d"),
                    "DUEDATE": ln.due_date.strftime("%Y%m%d") if ln.due_date else "",
                    "COMMENT": (ln.description or e.description)[:40],
                    "AMOUNT": "0.00",
                    "AMOUNTEUR": f"{ln.debit - ln.credit:.2f}",
                    "VATBASE": f"{ln.vat_base:.2f}" if ln.vat_base is not None else "",
                    "VATCODE": ln.vat_code.code if ln.vat_code else "",
                    "CURRAMOUNT": f"{ln.amount_currency:.2f}" if ln.amount_currency else "",
                    "CURRCODE": e.currency if e.currency != "EUR" else "",
                }
            )
    return rows


def csf_rows(counterparties: Iterable[Counterparty]) -> list[dict]:
    return [
        {
            "NUMBER": c.reference,
            "TYPE": 1 if c.kind == "customer" else 2,
            "NAME1": c.name[:40],
            "ADRESS1": c.street[:40],
            "VATCAT": 1 if c.vat_number else 3,
            "COUNTRY": _country(c),
            "VATNUMBER": _vat_number(c.vat_number) if c.vat_number else "",
            "BNKACCNT": c.iban,
            "ZIPCODE": c.postcode,
            "CITY": c.city,
            "LANG": {"fr": "F", "nl": "N", "en": "E", "de": "D"}.get(c.language, "F"),
            "CENTRAL": c.default_account.code if c.default_account_id else "",
            "VATCODE": c.default_vat_code.code if c.default_vat_code_id else "",
        }
        for c in counterparties
    ]


def _write(fields: list[str], rows: list[dict]) -> bytes:
    buf = io.StringIO()
    w = csv.DictWriter(
        buf, fieldnames=fields, extrasaction="ignore", quoting=csv.QUOTE_ALL, lineterminator="\r\n"
    )
    w.writerows(rows)
    # WinBooks is a Windows package: its ASCII files are Windows-1252.
    return buf.getvalue().encode("cp1252", errors="replace")


def winbooks_zip(entries: list[Entry]) -> bytes:
    cp_ids = {e.counterparty_id for e in entries if e.counterparty_id}
    cps = Counterparty.objects.filter(pk__in=cp_ids).select_related(
        "default_account", "default_vat_code"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("ACT.txt", _write(ACT_FIELDS, act_rows(entries)))
        z.writestr("CSF.txt", _write(CSF_FIELDS, csf_rows(cps)))
    return buf.getvalue()
