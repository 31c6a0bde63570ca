"""Validated bookings as UBL 2.1 invoices and credit notes (Peppol BIS Billing 3.0 shape).

One document per purchase or sales entry: the dossier is the buyer (purchases) or the
seller (sales), the counterparty the other party; one invoice line per charge/income
line with its VAT category and rate; totals from the entry. Identifiers from
BELGIUM.md (CustomizationID, ProfileID, scheme 0208 for Belgian enterprise numbers).
"""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal
from xml.etree import ElementTree as ET

from ledger.models import ZERO, Entry, JournalKind
from tenancy.models import Dossier

NS = {
    "inv": "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
    "cn": "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
}
CUSTOMIZATION = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
PROFILE = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
for prefix, uri in (("cac", NS["cac"]), ("cbc", NS["cbc"])):
    ET.register_namespace(prefix, uri)


def _cbc(parent, tag: str, text: str | Decimal, **attrs) -> ET.Element:
    el = ET.SubElement(parent, f"{{{NS['cbc']}}}{tag}", attrs)
    el.text = f"{text:.2f}" if isinstance(text, Decimal) else str(text)
    return el


def _cac(parent, tag: str) -> ET.Element:
    return ET.SubElement(parent, f"{{{NS['cac']}}}{tag}")


def _party(
    parent,
    tag: str,
    name: str,
    vat: str,
    street: str = "",
    city: str = "",
    postcode: str = "",
    country: str = "BE",
) -> None:
    party = _cac(_cac(parent, tag), "Party")
    digits = "".join(ch for ch in vat if ch.isdigit())
    if vat.startswith("BE") and len(digits) == 10:
        _cbc(party, "EndpointID", digits, schemeID="0208")
    addr = _cac(party, "PostalAddress")
    if street:
        _cbc(addr, "StreetName", street)
    if city:
        _cbc(addr, "CityName", city)
    if postcode:
        _cbc(addr, "PostalZone", postcode)
    _cbc(_cac(addr, "Country"), "IdentificationCode", country or "BE")
    if vat:
        tax = _cac(party, "PartyTaxScheme")
        _cbc(tax, "CompanyID", vat)
        _cbc(_cac(tax, "TaxScheme"), "ID", "VAT")
    _cbc(_cac(party, "PartyLegalEntity"), "RegistrationName", name)


def _category(vat_code) -> str:
    if vat_code is None:
        return "O"
    if vat_code.reverse_charge or vat_code.base_grids in ("44", "45"):
        return "AE"
    if vat_code.base_grids == "46":
        return "K"
    if vat_code.base_grids == "47":
        return "G"
    return "S" if vat_code.rate > 0 else "Z"


def entry_to_ubl(entry: Entry, dossier: Dossier) -> bytes:
    lines = list(entry.lines.select_related("account", "vat_code", "counterparty").order_by("id"))
    partner_lines = [ln for ln in lines if ln.is_open_item]
    sales = entry.journal.kind == JournalKind.SALES
    total = sum((abs(ln.debit - ln.credit) for ln in partner_lines), ZERO)
    credit_note = bool(partner_lines) and (
        (sales and partner_lines[0].credit > 0) or (not sales and partner_lines[0].debit > 0)
    )
    root_ns = NS["cn"] if credit_note else NS["inv"]
    root = ET.Element(f"{{{root_ns}}}{'CreditNote' if credit_note else 'Invoice'}")
    _cbc(root, "CustomizationID", CUSTOMIZATION)
    _cbc(root, "ProfileID", PROFILE)
    _cbc(root, "ID", entry.number)
    _cbc(root, "IssueDate", (entry.document_date or entry.date).isoformat())
    due = next((ln.due_date for ln in partner_lines if ln.due_date), None)
    if due and not credit_note:
        _cbc(root, "DueDate", due.isoformat())
    _cbc(
        root,
        "CreditNoteTypeCode" if credit_note else "InvoiceTypeCode",
        "381" if credit_note else "380",
    )
    _cbc(root, "DocumentCurrencyCode", entry.currency)
    cp = entry.counterparty or (partner_lines[0].counterparty if partner_lines else None)
    me = (dossier.name, dossier.vat_number)
    other = (
        (cp.name, cp.vat_number, cp.street, cp.city, cp.postcode, cp.country) if cp else ("?", "")
    )
    if sales:
        _party(root, "AccountingSupplierParty", me[0], me[1])
        _party(root, "AccountingCustomerParty", *other)
    else:
        _party(root, "AccountingSupplierParty", *other)
        _party(root, "AccountingCustomerParty", me[0], me[1])
    ref = next((ln.structured_ref for ln in partner_lines if ln.structured_ref), "")
    if ref:
        pm = _cac(root, "PaymentMeans")
        _cbc(pm, "PaymentMeansCode", "30")
        _cbc(pm, "PaymentID", f"+++{ref[:3]}/{ref[3:7]}/{ref[7:]}+++")
    # Base lines: income (sales) or charge (purchases) lines, VAT lines give the tax total.
    base_lines = [ln for ln in lines if ln.account.code[:1] in "2367" and not ln.is_open_item]
    vat_total = sum(
        (abs(ln.debit - ln.credit) for ln in lines if ln.account.code[:3] in ("411", "451")), ZERO
    )
    taxes: dict[tuple[str, Decimal], Decimal] = {}
    for ln in base_lines:
        key = (_category(ln.vat_code), ln.vat_code.rate if ln.vat_code else ZERO)
        taxes[key] = taxes.get(key, ZERO) + abs(ln.debit - ln.credit)
    tax_total = _cac(root, "TaxTotal")
    _cbc(tax_total, "TaxAmount", vat_total, currencyID=entry.currency)
    for (cat, rate), base in taxes.items():
        sub = _cac(tax_total, "TaxSubtotal")
        _cbc(sub, "TaxableAmount", base, currencyID=entry.currency)
        _cbc(
            sub,
            "TaxAmount",
            (base * rate / 100).quantize(Decimal("0.01")),
            currencyID=entry.currency,
        )
        tc = _cac(sub, "TaxCategory")
        _cbc(tc, "ID", cat)
        _cbc(tc, "Percent", rate)
        _cbc(_cac(tc, "TaxScheme"), "ID", "VAT")
    net = sum(taxes.values(), ZERO)
    totals = _cac(root, "LegalMonetaryTotal")
    _cbc(totals, "LineExtensionAmount", net, currencyID=entry.currency)
    _cbc(totals, "TaxExclusiveAmount", net, currencyID=entry.currency)
    _cbc(totals, "TaxInclusiveAmount", total or net + vat_total, currencyID=entry.currency)
    _cbc(totals, "PayableAmount", total or net + vat_total, currencyID=entry.currency)
    for n, ln in enumerate(base_lines, start=1):
        il = _cac(root, "CreditNoteLine" if credit_note else "InvoiceLine")
        _cbc(il, "ID", n)
        _cbc(il, "CreditedQuantity" if credit_note else "InvoicedQuantity", "1", unitCode="C62")
        _cbc(il, "LineExtensionAmount", abs(ln.debit - ln.credit), currencyID=entry.currency)
        item = _cac(il, "Item")
        _cbc(item, "Name", ln.description or entry.description or ln.account.name or "-")
        _cbc(_cac(item, "SellersItemIdentification"), "ID", ln.account.code)
        tc = _cac(item, "ClassifiedTaxCategory")
        _cbc(tc, "ID", _category(ln.vat_code))
        _cbc(tc, "Percent", ln.vat_code.rate if ln.vat_code else ZERO)
        _cbc(_cac(tc, "TaxScheme"), "ID", "VAT")
        price = _cac(il, "Price")
        _cbc(price, "PriceAmount", abs(ln.debit - ln.credit), currencyID=entry.currency)
    ET.register_namespace("", root_ns)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def ubl_zip(entries: list[Entry], dossier: Dossier) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for e in entries:
            if e.journal.kind not in (JournalKind.SALES, JournalKind.PURCHASES):
                continue
            safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in e.number)
            z.writestr(f"{e.journal.code}-{safe}.xml", entry_to_ubl(e, dossier))
    return buf.getvalue()
