"""The annual customer listing (form 725) and the intra-EU listing (form 723), from the same
grid rules as the return (ledger/belgium/vat_return.py), summed per customer. Lines are
taken by their accounting period, as the return takes them, so four quarterly intra-EU
listings add up to grids 44 + 46 - 48 of the four returns.

- Customer listing (SPF Finances, "Liste annuelle des clients assujettis",
  finances.belgium.be/fr/entreprises/tva/declaration/liste_annuelle_clients_assujettis;
  Code TVA art. 53quinquies): the Belgian VAT numbers of the customers supplied in the
  calendar year "pour un montant total hors TVA de plus de 250 euros", with the total of
  the supplies and the VAT charged. Supplies exempt under art. 44 are not listed (they
  feed no grid here). The turnover is what grids 00-03 and 45 received, less credit notes
  (49); the VAT is 54 less 64. Exactly 250.00 is not "more than 250": not listed.
- Intra-EU listing (SPF Finances, directives for form 723, 165-723 edition 2024, 2.3.1.4 b;
  same period as the return, BELGIUM.md): per customer VAT number and category, never
  merged: L = exempt intra-EU supplies of goods (grid 46), T = the supply in the Member
  State of arrival under a triangular (ABC) operation (grid 46 too), S = services taxed
  where the customer is (grid 44); credit notes (48) reduce the same line. A customer whose
  balance is 0.00 is left out; a negative balance stays (a correction).
  The books have no flag for a triangular operation: a sales VAT code on grid 46 is
  triangular when its code or alias is `VET` (V + E + T, like VEG/VES) or holds `ABC` or
  `TRI` (an office creates it so).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date as Date
from decimal import Decimal

from ledger.belgium.vat_choice import EU_COUNTRIES
from ledger.belgium.vat_return import line_boxes
from ledger.models import Counterparty, EntryLine, VatCode
from tenancy.models import Dossier

ZERO = Decimal("0.00")
THRESHOLD = Decimal("250.00")
TURNOVER = {"00": 1, "01": 1, "02": 1, "03": 1, "45": 1, "49": -1}
VAT = {"54": 1, "64": -1}
# The other Member States' prefixes as VAT numbers write them (Greece: EL; XI: Northern
# Ireland); the ledger's list also holds BE and the country code GR.
EU_PREFIXES = EU_COUNTRIES - {"BE", "GR"}
_TRIANGULAR = re.compile(r"^VET$|ABC|TRI")


@dataclass
class ListingRow:
    counterparty: Counterparty | None
    vat_number: str
    code: str  # "" for the customer listing, L, T or S for the intra-EU listing
    amount: Decimal
    vat: Decimal = ZERO
    # Set when the line cannot go into the Intervat file (no or a wrong VAT number).
    problem: str = ""
    country: str = field(default="")
    number: str = field(default="")  # the number without its country prefix


def split_vat_number(value: str, country: str = "") -> tuple[str, str]:
    """("DE", "129273398") from "DE 129.273.398"; Greece's GR becomes EL."""
    raw = re.sub(r"[^0-9A-Za-z+*]", "", value or "").upper()
    prefix, number = raw[:2], raw[2:]
    if not prefix.isalpha():
        prefix, number = (country or "").upper(), raw
    if prefix == "GR":
        prefix = "EL"
    return prefix, number


def is_triangular(code: VatCode) -> bool:
    return "46" in (code.base_grids or "").split(",") and any(
        _TRIANGULAR.search((text or "").upper()) for text in (code.code, code.alias)
    )


def _sales_lines(dossier: Dossier, start: Date, end: Date):
    codes = {v.pk: v for v in VatCode.objects.filter(dossier=dossier, direction="sale")}
    lines = (
        EntryLine.objects.filter(
            dossier=dossier,
            vat_code_id__in=list(codes),
            period__start__gte=start,
            period__end__lte=end,
        )
        .select_related("entry__counterparty")
        .only("account_id", "vat_code_id", "debit", "credit", "vat_base", "entry__counterparty")
        .order_by("id")
    )
    for line in lines:
        code = codes[line.vat_code_id or 0]
        yield line, line_boxes(line, code), code


def customer_listing(*, dossier: Dossier, year: int) -> list[ListingRow]:
    rows: dict[int, ListingRow] = {}
    for line, boxes, _code in _sales_lines(dossier, Date(year, 1, 1), Date(year, 12, 31)):
        cp = line.entry.counterparty
        if cp is None or not cp.vat_number:
            continue
        country, number = split_vat_number(cp.vat_number, cp.country)
        if country != "BE":
            continue
        row = rows.setdefault(cp.pk, ListingRow(cp, cp.vat_number, "", ZERO))
        row.country, row.number = country, number.rjust(10, "0")
        if not re.fullmatch(r"[01]\d{9}", row.number):
            row.problem = "vat_number"
        for box, amount in boxes.items():
            row.amount += TURNOVER.get(box, 0) * amount
            row.vat += VAT.get(box, 0) * amount
    return sorted((r for r in rows.values() if r.amount > THRESHOLD), key=lambda r: r.number)


def intra_eu_listing(*, dossier: Dossier, start: Date, end: Date) -> list[ListingRow]:
    rows: dict[tuple[int, str], ListingRow] = {}
    for line, boxes, vat_code in _sales_lines(dossier, start, end):
        cp = line.entry.counterparty
        if cp is None:
            continue
        for box, amount in boxes.items():
            if box not in ("44", "46", "48"):
                continue
            # 44: services (S); 46: goods (L) or the triangular supply (T); a credit note
            # (48) goes to the line its code feeds.
            if box == "44" or (box == "48" and "44" in (vat_code.base_grids or "").split(",")):
                code = "S"
            else:
                code = "T" if is_triangular(vat_code) else "L"
            if box == "48":
                amount = -amount  # a credit note on 44/46 reduces the same line
            row = rows.get((cp.pk, code))
            if row is None:
                row = rows[(cp.pk, code)] = ListingRow(cp, cp.vat_number, code, ZERO)
                row.country, row.number = split_vat_number(cp.vat_number, cp.country)
                if not cp.vat_number or not row.number:
                    row.problem = "no_vat_number"
                elif row.country not in EU_PREFIXES or len(row.number) > 12:
                    row.problem = "vat_number"
            row.amount += amount
    return sorted(
        (r for r in rows.values() if r.amount), key=lambda r: (r.country, r.number, r.code)
    )


KINDS = ("customers", "intra")


@dataclass
class Listing:
    kind: str  # "customers" (form 725) or "intra" (form 723)
    key: str  # "2026" for the customer listing; "2026-03" or "2026-Q1" for the intra-EU one
    rows: list[ListingRow]

    @property
    def total(self) -> Decimal:
        return sum((r.amount for r in self.rows if not r.problem), ZERO)

    @property
    def vat_total(self) -> Decimal:
        return sum((r.vat for r in self.rows if not r.problem), ZERO)

    @property
    def problems(self) -> list[ListingRow]:
        return [r for r in self.rows if r.problem]


def period_bounds(key: str) -> tuple[Date, Date]:
    """ "2026-03" -> (1 March, 31 March); "2026-Q1" -> (1 January, 31 March). ValueError."""
    year_s, _sep, rest = key.partition("-")
    year = int(year_s)
    if not 2000 <= year <= 2100:
        raise ValueError(key)
    if rest.upper().startswith("Q"):
        quarter = int(rest[1:])
        if not 1 <= quarter <= 4:
            raise ValueError(key)
        first, last = 3 * quarter - 2, 3 * quarter
    else:
        first = last = int(rest)
        if not 1 <= first <= 12:
            raise ValueError(key)
    end = Date(year + (last == 12), last % 12 + 1, 1)
    return Date(year, first, 1), Date.fromordinal(end.toordinal() - 1)


def listing_get(
    *, dossier: Dossier, kind: str, year: int | None = None, period: str = ""
) -> Listing:
    """A listing by kind: the customer listing of `year`, the intra-EU listing of `period`
    (a month or a quarter). ValueError for an unknown kind or a missing/wrong period."""
    if kind == "customers":
        if year is None or not 2000 <= year <= 2100:
            raise ValueError("year")
        return Listing(kind, str(year), customer_listing(dossier=dossier, year=year))
    if kind == "intra":
        start, end = period_bounds(period)
        key = period.upper() if "Q" in period.upper() else f"{start.year}-{start.month:02d}"
        return Listing(kind, key, intra_eu_listing(dossier=dossier, start=start, end=end))
    raise ValueError(kind)


def listing_xml(*, dossier: Dossier, listing: Listing) -> bytes:
    """The Intervat file; ValueError for an intra-EU listing with no line to file."""
    from feedback.vat.intervat import client_listing_consignment, intra_consignment

    if listing.kind == "customers":
        return client_listing_consignment(dossier=dossier, year=int(listing.key), rows=listing.rows)
    return intra_consignment(dossier=dossier, key=listing.key, rows=listing.rows)


def listing_file_name(listing: Listing) -> str:
    return f"{'customer-listing' if listing.kind == 'customers' else 'intra-eu-listing'}-{listing.key}.xml"
