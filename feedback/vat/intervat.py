"""The periodic VAT return and the two listings as Intervat XML files (VATConsignment,
ClientListingConsignment, IntraConsignment; the listings' rules in feedback/vat/listings.py).

Structure from the FPS Finance's schema NewTVA-in_v0_9.xsd (namespace
http://www.minfin.fgov.be/VATConsignment) and its common types IntervatInputCommon_v0_9.xsd
(http://www.minfin.fgov.be/InputCommon), "documentation technique Intervat":
- one VATDeclaration per consignment here (VATDeclarationsNbr="1"), SequenceNumber 1;
- Declarant: VATNumber (10 digits, no country prefix), Name, Street, PostCode, City,
  CountryCode, EmailAddress, Phone;
- Period: Month (1-12) or Quarter (1-4), then Year;
- Data: one Amount per grid, GridNumber as an integer (grid 00 is "0"), amounts in euro
  with two decimals, never negative; grid 71 or 72 is mandatory, the other grids at zero
  are left out. Grid 91 is not in the schema's GridNumberCode list (v0_9), so it is not
  written: the office enters it in Intervat for the December return.
- ClientListingNihil and Ask (Restitution, Payment) are required.
"""

from __future__ import annotations

import re
from decimal import Decimal

from lxml import etree

from feedback.selectors import VatReturn
from tenancy.models import Dossier

NS = "http://www.minfin.fgov.be/VATConsignment"
COMMON = "http://www.minfin.fgov.be/InputCommon"
ZERO = Decimal("0.00")
XML_GRIDS = (
    *("00", "01", "02", "03", "44", "45", "46", "47", "48", "49"),
    *("54", "55", "56", "57", "59", "61", "62", "63", "64", "71", "72"),
    *("81", "82", "83", "84", "85", "86", "87", "88"),
)


def _vat_digits(value: str) -> str:
    digits = re.sub(r"\D", "", value or "")
    return digits[-10:].rjust(10, "0") if digits else "0000000000"


def _address(text: str) -> tuple[str, str, str]:
    """Street, post code and city from a free address ("Rue X 1\\n1000 Bruxelles")."""
    lines = [ln.strip() for ln in (text or "").splitlines() if ln.strip()]
    street, postcode, city = (lines[0] if lines else "-"), "-", "-"
    for ln in lines[1:]:
        m = re.match(r"^(?:B-?)?(\d{4})\s+(.+)$", ln)
        if m:
            postcode, city = m.group(1), m.group(2)
    return street[:100], postcode, city[:50]


def _money(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01')):.2f}"


def _declarant(parent, ns: str, dossier: Dossier, phone: str = "") -> None:
    """The Declarant block; its children are in the InputCommon namespace (the schemas'
    elementFormDefault is qualified in both)."""
    declarant = etree.SubElement(parent, f"{{{ns}}}Declarant")
    street, postcode, city = _address(dossier.address)
    for tag, value in (
        ("VATNumber", _vat_digits(dossier.vat_number)),
        ("Name", dossier.name[:200] or "-"),
        ("Street", street),
        ("PostCode", postcode),
        ("City", city),
        ("CountryCode", "BE"),
        ("EmailAddress", dossier.email or dossier.office.email or "-"),
        ("Phone", re.sub(r"[^\d+]", "", phone or dossier.office.phone or "") or "0"),
    ):
        etree.SubElement(declarant, f"{{{COMMON}}}{tag}").text = value


def vat_consignment(
    *,
    dossier: Dossier,
    ret: VatReturn,
    phone: str = "",
    restitution: bool = False,
    payment: bool = False,
    client_listing_nihil: bool = False,
) -> bytes:
    """The VATConsignment file for one return."""
    e = etree.Element(f"{{{NS}}}VATConsignment", nsmap={None: COMMON, "ns2": NS})
    e.set("VATDeclarationsNbr", "1")
    decl = etree.SubElement(e, f"{{{NS}}}VATDeclaration")
    decl.set("SequenceNumber", "1")
    decl.set("DeclarantReference", f"{_vat_digits(dossier.vat_number)}-{ret.key}"[:50])
    _declarant(decl, NS, dossier, phone)
    period = etree.SubElement(decl, f"{{{NS}}}Period")
    months = (ret.last.start.year - ret.first.start.year) * 12 + (
        ret.last.start.month - ret.first.start.month
    )
    if months == 0 and "Q" not in ret.key.upper():
        etree.SubElement(period, f"{{{NS}}}Month").text = str(ret.first.start.month)
    else:
        etree.SubElement(period, f"{{{NS}}}Quarter").text = str(
            (ret.first.start.month - 1) // 3 + 1
        )
    etree.SubElement(period, f"{{{NS}}}Year").text = str(ret.first.start.year)
    data = etree.SubElement(decl, f"{{{NS}}}Data")
    grids = ret.grids
    for box in XML_GRIDS:
        amount = grids.get(box, ZERO)
        if amount or (box == "71" and not grids.get("72")):
            amount_el = etree.SubElement(data, f"{{{NS}}}Amount")
            amount_el.set("GridNumber", str(int(box)))
            amount_el.text = _money(abs(amount))
    etree.SubElement(decl, f"{{{NS}}}ClientListingNihil").text = (
        "YES" if client_listing_nihil else "NO"
    )
    ask = etree.SubElement(decl, f"{{{NS}}}Ask")
    ask.set("Restitution", "YES" if restitution else "NO")
    ask.set("Payment", "YES" if payment else "NO")
    return etree.tostring(e, xml_declaration=True, encoding="UTF-8", pretty_print=True)


# --- The listings (NewLK-in_v0_9.xsd, NewICO-in_v0_9.xsd): rows from feedback.vat.listings.

LK = "http://www.minfin.fgov.be/ClientListingConsignment"
ICO = "http://www.minfin.fgov.be/IntraConsignment"


def client_listing_consignment(*, dossier: Dossier, year: int, rows: list) -> bytes:
    """The annual customer listing (ClientListingConsignment) for one declarant and year.
    Rows with a problem (a VAT number the schema refuses) are left out; no row at all makes
    the "néant" listing (ClientsNbr 0, sums 0.00), which the schema allows."""
    kept = [r for r in rows if not r.problem]
    e = etree.Element(f"{{{LK}}}ClientListingConsignment", nsmap={None: COMMON, "ns2": LK})
    e.set("ClientListingsNbr", "1")
    listing = etree.SubElement(e, f"{{{LK}}}ClientListing")
    listing.set("SequenceNumber", "1")
    listing.set("ClientsNbr", str(len(kept)))
    listing.set("DeclarantReference", f"{_vat_digits(dossier.vat_number)}-{year}"[:50])
    listing.set("TurnOverSum", _money(sum((r.amount for r in kept), ZERO)))
    listing.set("VATAmountSum", _money(sum((r.vat for r in kept), ZERO)))
    _declarant(listing, LK, dossier)
    etree.SubElement(listing, f"{{{LK}}}Period").text = str(year)
    for seq, row in enumerate(kept, start=1):
        client = etree.SubElement(listing, f"{{{LK}}}Client")
        client.set("SequenceNumber", str(seq))
        number = etree.SubElement(client, f"{{{LK}}}CompanyVATNumber")
        number.set("issuedBy", "BE")
        number.text = row.number
        etree.SubElement(client, f"{{{LK}}}TurnOver").text = _money(row.amount)
        etree.SubElement(client, f"{{{LK}}}VATAmount").text = _money(row.vat)
    return etree.tostring(e, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def intra_consignment(*, dossier: Dossier, key: str, rows: list) -> bytes:
    """The intra-EU listing (IntraConsignment) of a month ("2026-03") or quarter ("2026-Q1").
    ValueError when no line can be filed: the schema wants at least one IntraClient (a
    period without intra-EU operations files no listing)."""
    kept = [r for r in rows if not r.problem]
    if not kept:
        raise ValueError("empty")
    year_s, _sep, rest = key.partition("-")
    e = etree.Element(f"{{{ICO}}}IntraConsignment", nsmap={None: COMMON, "ns2": ICO})
    e.set("IntraListingsNbr", "1")
    listing = etree.SubElement(e, f"{{{ICO}}}IntraListing")
    listing.set("SequenceNumber", "1")
    listing.set("ClientsNbr", str(len(kept)))
    listing.set("DeclarantReference", f"{_vat_digits(dossier.vat_number)}-{key}"[:50])
    listing.set("AmountSum", _money(sum((r.amount for r in kept), ZERO)))
    _declarant(listing, ICO, dossier)
    period = etree.SubElement(listing, f"{{{ICO}}}Period")
    if rest.upper().startswith("Q"):
        etree.SubElement(period, f"{{{ICO}}}Quarter").text = str(int(rest[1:]))
    else:
        etree.SubElement(period, f"{{{ICO}}}Month").text = str(int(rest))
    etree.SubElement(period, f"{{{ICO}}}Year").text = str(int(year_s))
    for seq, row in enumerate(kept, start=1):
        client = etree.SubElement(listing, f"{{{ICO}}}IntraClient")
        client.set("SequenceNumber", str(seq))
        number = etree.SubElement(client, f"{{{ICO}}}CompanyVATNumber")
        number.set("issuedBy", row.country)
        number.text = row.number
        etree.SubElement(client, f"{{{ICO}}}Code").text = row.code
        etree.SubElement(client, f"{{{ICO}}}Amount").text = _money(row.amount)
    return etree.tostring(e, xml_declaration=True, encoding="UTF-8", pretty_print=True)
