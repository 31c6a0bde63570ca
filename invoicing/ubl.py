"""UBL 2.1 Invoice and CreditNote for Peppol BIS Billing 3.0 (EN 16931), written with lxml.

Element order follows the UBL 2.1 XSD sequences; the rules met on the way:
- BT-24/BT-23 CustomizationID and ProfileID of BIS 3.0 (PEPPOL-EN16931-R001/R004);
- BT-10 BuyerReference always present (PEPPOL-EN16931-R003): the customer's name
  reference or, lacking one, the invoice number;
- BT-34/BT-49 electronic addresses: the Peppol ID (0208:<enterprise number> for Belgium),
  else the e-mail address under scheme EM (EAS code list);
- one TaxSubtotal per category and rate with the exemption reason for E and AE
  (BR-E-10, BR-AE-10); the buyer's VAT number with AE (BR-AE-02);
- line allowances (the discount) with reason code 95, percentage and base amount
  (BR-41/42, PEPPOL-EN16931-R040/R041);
- a credit note refers to its invoice (BT-25 BillingReference).
"""

from __future__ import annotations

from datetime import date as Date
from decimal import Decimal

from lxml import etree

from invoicing import amounts
from invoicing.checks import enterprise_number, ogm_display
from invoicing.models import Invoice, InvoicingSettings, Kind

NS_INV = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
NS_CN = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
CUSTOMIZATION = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
PROFILE = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"

# The legal mention of each VAT case without VAT, per language (BR-E-10, BR-AE-10):
# exempt under art. 44 of the Belgian VAT Code; reverse charge to the Belgian
# co-contractor, art. 20 of Royal Decree no. 1 (Code TVA art. 51 §2 5°).
EXEMPTION = {
    "E": (
        "vatex-eu-132",
        {
            "fr": "Exonération de TVA, article 44 du Code de la TVA",
            "nl": "Vrijgesteld van btw, artikel 44 van het Btw-wetboek",
            "en": "Exempt from VAT, article 44 of the Belgian VAT Code",
            "de": "Von der MwSt. befreit, Artikel 44 des belgischen MwSt.-Gesetzbuches",
        },
    ),
    "AE": (
        "vatex-eu-ae",
        {
            "fr": "Autoliquidation, TVA due par le cocontractant, article 51, § 2, 5° du Code de la TVA",
            "nl": "Verlegging van heffing, btw verschuldigd door de medecontractant, artikel 51, § 2, 5° van het Btw-wetboek",
            "en": "Reverse charge, VAT due by the co-contractor, article 51 § 2 5° of the Belgian VAT Code",
            "de": "Umkehrung der Steuerschuldnerschaft, Artikel 51 § 2 5° des belgischen MwSt.-Gesetzbuches",
        },
    ),
}
ZERO_RATED = {
    "fr": "Taux zéro",
    "nl": "Nultarief",
    "en": "Zero rated",
    "de": "Nullsatz",
}


class UblRefused(ValueError):
    """The invoice lacks what BIS 3.0 requires (said in the message)."""


def legal_mention(vat_case: str, language: str) -> str:
    if vat_case in EXEMPTION:
        return EXEMPTION[vat_case][1].get(language, EXEMPTION[vat_case][1]["en"])
    return ""


def _m(value: Decimal) -> str:
    return f"{value.quantize(amounts.CENT):f}"


def _num(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return text if "." not in text else text.rstrip("0").rstrip(".") or "0"


class _W:
    def __init__(self, root: etree._Element, currency: str):
        self.root = root
        self.currency = currency

    def cbc(self, parent, name: str, text: str, **attrs) -> etree._Element:
        el = etree.SubElement(parent, f"{{{CBC}}}{name}", **attrs)
        el.text = text
        return el

    def cac(self, parent, name: str) -> etree._Element:
        return etree.SubElement(parent, f"{{{CAC}}}{name}")

    def amount(self, parent, name: str, value: Decimal) -> etree._Element:
        return self.cbc(parent, name, _m(value), currencyID=self.currency)


# EAS codes of the VAT number schemes (Peppol "Electronic Address Scheme" code list).
VAT_EAS = {
    "BE": "9925",
    "NL": "9944",
    "FR": "9957",
    "DE": "9930",
    "LU": "9938",
    "IT": "0211",
    "ES": "9920",
    "AT": "9914",
    "IE": "9935",
    "PT": "9946",
    "DK": "0198",
    "PL": "9945",
}


def _endpoint(peppol_id: str, email: str, vat: str = "") -> tuple[str, str]:
    if peppol_id and ":" in peppol_id:
        scheme, value = peppol_id.split(":", 1)
        return scheme, value
    if vat and vat[:2] in VAT_EAS:
        return VAT_EAS[vat[:2]], vat
    if email:
        # Not in the Peppol EAS list: such an invoice is a valid EN 16931 UBL sent by
        # e-mail, never over Peppol (the customer has no electronic address there).
        return "EM", email
    raise UblRefused("no electronic address (Peppol ID or e-mail)")


def _party(
    w: _W,
    parent,
    *,
    peppol_id: str,
    email: str,
    name: str,
    street: str,
    postcode: str,
    city: str,
    country: str,
    vat: str,
    legal_id: str,
) -> None:
    party = w.cac(parent, "Party")
    scheme, value = _endpoint(peppol_id, email, vat)
    w.cbc(party, "EndpointID", value, schemeID=scheme)
    w.cbc(w.cac(party, "PartyName"), "Name", name)
    address = w.cac(party, "PostalAddress")
    if street:
        w.cbc(address, "StreetName", street)
    if city:
        w.cbc(address, "CityName", city)
    if postcode:
        w.cbc(address, "PostalZone", postcode)
    w.cbc(w.cac(address, "Country"), "IdentificationCode", country or "BE")
    if vat:
        tax = w.cac(party, "PartyTaxScheme")
        w.cbc(tax, "CompanyID", vat)
        w.cbc(w.cac(tax, "TaxScheme"), "ID", "VAT")
    legal = w.cac(party, "PartyLegalEntity")
    w.cbc(legal, "RegistrationName", name)
    if legal_id:
        w.cbc(legal, "CompanyID", legal_id, schemeID="0208")


def seller_vat(invoice: Invoice) -> str:
    vat = (invoice.dossier.vat_number or "").replace(" ", "").replace(".", "").upper()
    if vat and vat[:2].isdigit():
        vat = "BE" + vat
    return vat


def seller_peppol_id(invoice: Invoice) -> str:
    number = enterprise_number(seller_vat(invoice)) or "".join(
        c for c in (invoice.dossier.enterprise_number or "") if c.isdigit()
    )
    return f"0208:{number}" if number else ""


def write(invoice: Invoice, settings: InvoicingSettings | None = None) -> bytes:
    """The UBL document of an issued invoice or credit note, as UTF-8 bytes."""
    if not invoice.number:
        raise UblRefused("the invoice has no number yet (draft)")
    settings = settings or InvoicingSettings(dossier=invoice.dossier)
    credit = invoice.kind == Kind.CREDIT_NOTE
    lines = list(invoice.lines.all())
    customer = invoice.customer
    language = customer.language
    totals = amounts.compute(
        amounts.LineIn(ln.quantity, ln.unit_price, ln.vat_case, ln.discount) for ln in lines
    )
    root = etree.Element(
        f"{{{NS_CN if credit else NS_INV}}}{'CreditNote' if credit else 'Invoice'}",
        nsmap={None: NS_CN if credit else NS_INV, "cac": CAC, "cbc": CBC},
    )
    w = _W(root, invoice.currency)
    w.cbc(root, "CustomizationID", CUSTOMIZATION)
    w.cbc(root, "ProfileID", PROFILE)
    w.cbc(root, "ID", invoice.number)
    w.cbc(root, "IssueDate", invoice.issue_date.isoformat())
    if not credit and invoice.due_date:
        w.cbc(root, "DueDate", invoice.due_date.isoformat())
    w.cbc(root, "CreditNoteTypeCode" if credit else "InvoiceTypeCode", "381" if credit else "380")
    if invoice.note:
        w.cbc(root, "Note", invoice.note)
    w.cbc(root, "DocumentCurrencyCode", invoice.currency)
    w.cbc(root, "BuyerReference", invoice.number)
    original = invoice.credit_note_of
    if original is not None:
        ref = w.cac(w.cac(root, "BillingReference"), "InvoiceDocumentReference")
        w.cbc(ref, "ID", original.number)
        w.cbc(ref, "IssueDate", original.issue_date.isoformat())
    svat = seller_vat(invoice)
    _party(
        w,
        w.cac(root, "AccountingSupplierParty"),
        peppol_id=seller_peppol_id(invoice),
        email=invoice.dossier.email,
        name=invoice.dossier.name,
        street=settings.street,
        postcode=settings.postcode,
        city=settings.city,
        country=settings.country or "BE",
        vat=svat,
        legal_id=enterprise_number(svat),
    )
    cases = {ln.vat_case for ln in lines}
    if "AE" in cases and not customer.vat_number:
        raise UblRefused("reverse charge needs the customer's VAT number (BR-AE-02)")
    _party(
        w,
        w.cac(root, "AccountingCustomerParty"),
        peppol_id=customer.peppol_id,
        email=customer.email,
        name=customer.name,
        street=customer.street,
        postcode=customer.postcode,
        city=customer.city,
        country=customer.country,
        vat=customer.vat_number,
        legal_id=enterprise_number(customer.vat_number),
    )
    if settings.iban:
        means = w.cac(root, "PaymentMeans")
        w.cbc(means, "PaymentMeansCode", "30" if credit else "58")
        if credit and invoice.due_date:
            w.cbc(means, "PaymentDueDate", invoice.due_date.isoformat())
        if invoice.structured_ref:
            w.cbc(means, "PaymentID", ogm_display(invoice.structured_ref))
        account = w.cac(means, "PayeeFinancialAccount")
        w.cbc(account, "ID", settings.iban)
        if settings.bic:
            w.cbc(w.cac(account, "FinancialInstitutionBranch"), "ID", settings.bic)
    terms = w.cac(root, "PaymentTerms")
    w.cbc(terms, "Note", _terms_note(invoice, language))
    tax_total = w.cac(root, "TaxTotal")
    w.amount(tax_total, "TaxAmount", totals.total_vat)
    for group in totals.breakdown:
        sub = w.cac(tax_total, "TaxSubtotal")
        w.amount(sub, "TaxableAmount", group.taxable)
        w.amount(sub, "TaxAmount", group.vat)
        cat = w.cac(sub, "TaxCategory")
        w.cbc(cat, "ID", group.category)
        w.cbc(cat, "Percent", _num(group.rate))
        case = next(iter(group.cases))
        if case in EXEMPTION:
            w.cbc(cat, "TaxExemptionReasonCode", EXEMPTION[case][0].upper())
            w.cbc(cat, "TaxExemptionReason", legal_mention(case, language))
        w.cbc(w.cac(cat, "TaxScheme"), "ID", "VAT")
    money = w.cac(root, "LegalMonetaryTotal")
    w.amount(money, "LineExtensionAmount", totals.line_total)
    w.amount(money, "TaxExclusiveAmount", totals.total_excl)
    w.amount(money, "TaxInclusiveAmount", totals.total_incl)
    w.amount(money, "PayableAmount", totals.total_incl)
    for ln, a in zip(lines, totals.lines, strict=True):
        el = w.cac(root, "CreditNoteLine" if credit else "InvoiceLine")
        w.cbc(el, "ID", str(ln.position))
        w.cbc(
            el,
            "CreditedQuantity" if credit else "InvoicedQuantity",
            _num(ln.quantity),
            unitCode=ln.unit,
        )
        w.amount(el, "LineExtensionAmount", a.net)
        if a.allowance:
            ac = w.cac(el, "AllowanceCharge")
            w.cbc(ac, "ChargeIndicator", "false")
            w.cbc(ac, "AllowanceChargeReasonCode", "95")
            w.cbc(ac, "AllowanceChargeReason", "Discount")
            w.cbc(ac, "MultiplierFactorNumeric", _num(ln.discount))
            w.amount(ac, "Amount", a.allowance)
            w.amount(ac, "BaseAmount", a.gross)
        item = w.cac(el, "Item")
        w.cbc(item, "Name", ln.description)
        category, rate = amounts.CATEGORIES[ln.vat_case]
        tc = w.cac(item, "ClassifiedTaxCategory")
        w.cbc(tc, "ID", category)
        w.cbc(tc, "Percent", _num(rate))
        w.cbc(w.cac(tc, "TaxScheme"), "ID", "VAT")
        price = w.cac(el, "Price")
        w.cbc(price, "PriceAmount", _num(ln.unit_price), currencyID=invoice.currency)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


TERMS = {
    "fr": "Payable au plus tard le {date}",
    "nl": "Te betalen uiterlijk op {date}",
    "en": "Payable by {date}",
    "de": "Zahlbar bis {date}",
}


def _terms_note(invoice: Invoice, language: str) -> str:
    day: Date = invoice.due_date or invoice.issue_date
    return TERMS.get(language, TERMS["en"]).format(date=day.strftime("%d/%m/%Y"))
