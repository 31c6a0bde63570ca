"""UBL 2.1 Invoice and CreditNote (Peppol BIS Billing 3.0, EN 16931) to an EInvoice."""

from __future__ import annotations

import base64
import binascii

from lxml import etree

from .model import EInvoice, InvoiceLine, Party, VatLine, to_date, to_decimal
from .xmlsafe import find, find_all, local, text

UBL_INVOICE_NS = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
UBL_CREDIT_NOTE_NS = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"


def is_ubl(root: etree._Element) -> bool:
    return etree.QName(root).namespace in (UBL_INVOICE_NS, UBL_CREDIT_NOTE_NS)


def _party(el: etree._Element | None) -> Party:
    party = find(el, "Party")
    if party is None:
        return Party()
    p = Party()
    p.name = text(party, "PartyLegalEntity/RegistrationName") or text(party, "PartyName/Name")
    p.trade_name = text(party, "PartyName/Name")
    for scheme in find_all(party, "PartyTaxScheme"):
        company_id = text(scheme, "CompanyID")
        # "VAT" in BIS 3.0; some older EN 16931 examples say "VA".
        if (text(scheme, "TaxScheme/ID") or "").upper() in ("VAT", "VA"):
            p.vat = p.vat or company_id
        else:
            p.tax_registration = p.tax_registration or company_id
    p.legal_id = text(party, "PartyLegalEntity/CompanyID")
    endpoint = find(party, "EndpointID")
    if endpoint is not None:
        p.endpoint = text(endpoint)
        p.endpoint_scheme = endpoint.get("schemeID")
    p.street = text(party, "PostalAddress/StreetName")
    p.postcode = text(party, "PostalAddress/PostalZone")
    p.city = text(party, "PostalAddress/CityName")
    p.country = text(party, "PostalAddress/Country/IdentificationCode")
    return p


def _amount(el: etree._Element | None, path: str):
    return to_decimal(text(el, path))


def parse_ubl(root: etree._Element) -> EInvoice:
    credit = local(root.tag) == "CreditNote"
    inv = EInvoice(syntax="UBL-CreditNote" if credit else "UBL-Invoice")
    inv.customization_id = text(root, "CustomizationID")
    inv.invoice_number = text(root, "ID")
    inv.type_code = text(root, "CreditNoteTypeCode" if credit else "InvoiceTypeCode")
    inv.issue_date = to_date(text(root, "IssueDate"))
    inv.due_date = to_date(text(root, "DueDate") or text(root, "PaymentMeans/PaymentDueDate"))
    inv.currency = text(root, "DocumentCurrencyCode")
    inv.buyer_reference = text(root, "BuyerReference")
    inv.order_reference = text(root, "OrderReference/ID")
    inv.seller = _party(find(root, "AccountingSupplierParty"))
    inv.buyer = _party(find(root, "AccountingCustomerParty"))

    totals = find(root, "LegalMonetaryTotal")
    inv.line_total = _amount(totals, "LineExtensionAmount")
    inv.total_excl_vat = _amount(totals, "TaxExclusiveAmount")
    inv.total_incl_vat = _amount(totals, "TaxInclusiveAmount")
    inv.prepaid_amount = _amount(totals, "PrepaidAmount")
    inv.payable_amount = _amount(totals, "PayableAmount")

    # BT-110 is the TaxTotal in the document currency; a second one (BT-111) may carry
    # the VAT in the accounting currency and has no subtotals.
    tax_totals = find_all(root, "TaxTotal")
    main = None
    for tt in tax_totals:
        amount = find(tt, "TaxAmount")
        if amount is not None and amount.get("currencyID") in (None, inv.currency):
            main = tt
            break
    if main is None and tax_totals:
        main = tax_totals[0]
    if main is not None:
        inv.total_vat = _amount(main, "TaxAmount")
        for sub in find_all(main, "TaxSubtotal"):
            inv.vat_breakdown.append(
                VatLine(
                    category=text(sub, "TaxCategory/ID"),
                    rate=_amount(sub, "TaxCategory/Percent"),
                    base=_amount(sub, "TaxableAmount"),
                    vat=_amount(sub, "TaxAmount"),
                )
            )

    means = find(root, "PaymentMeans")
    inv.payment_means_code = text(means, "PaymentMeansCode")
    inv.payment_reference = text(means, "PaymentID")
    inv.iban = text(means, "PayeeFinancialAccount/ID")
    inv.bic = text(means, "PayeeFinancialAccount/FinancialInstitutionBranch/ID")

    line_tag = "CreditNoteLine" if credit else "InvoiceLine"
    qty_tag = "CreditedQuantity" if credit else "InvoicedQuantity"
    for line in find_all(root, line_tag):
        inv.lines.append(
            InvoiceLine(
                line_id=text(line, "ID"),
                description=text(line, "Item/Name") or text(line, "Item/Description"),
                quantity=_amount(line, qty_tag),
                unit_price=_amount(line, "Price/PriceAmount"),
                net_amount=_amount(line, "LineExtensionAmount"),
                vat_rate=_amount(line, "Item/ClassifiedTaxCategory/Percent"),
            )
        )

    for ref in find_all(root, "AdditionalDocumentReference"):
        obj = find(ref, "Attachment/EmbeddedDocumentBinaryObject")
        if (
            obj is not None
            and (obj.get("mimeCode") or "").lower() == "application/pdf"
            and obj.text
        ):
            try:
                inv.embedded_pdf = base64.b64decode(obj.text, validate=False)
            except (binascii.Error, ValueError):
                continue
            if inv.embedded_pdf.startswith(b"%PDF"):
                break
            inv.embedded_pdf = None
    return inv
